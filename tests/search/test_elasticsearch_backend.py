"""The Elasticsearch backend: its mapping, the request bodies it sends, how it reads answers, and
its writes, all without a cluster (request bodies are plain dicts; the client is a mock)."""

import time
from datetime import UTC, datetime, timedelta
from unittest.mock import MagicMock

import pytest
from elastic_transport import (
    ApiResponseMeta,
    ConnectionError,
    ConnectionTimeout,
    HttpHeaders,
    NodeConfig,
)
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.exceptions import HTTP_EXCEPTIONS

from community.search.backends import elasticsearch as es
from community.search.backends.elasticsearch import (
    ElasticsearchBackend,
    build_search,
    build_suggestions,
    content_index,
    document_source,
    parse_search_response,
    parse_suggestions,
)
from community.search.documents import HIGHLIGHT_END, HIGHLIGHT_START, SearchDocument, Tag
from community.search.errors import SearchUnavailable
from community.search.query import SearchRequest
from community.search.results import FacetCount

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
TEXT_FIELDS = ["title^3", "tags_text^2", "body"]


def request(text: str = "", **kwargs) -> SearchRequest:
    return SearchRequest(text=text, now=NOW, **kwargs)


def body(search_request: SearchRequest, groups: list[int] | None = None) -> dict:
    return build_search(search_request, groups).to_dict()


def text_query(query: dict) -> dict:
    """The text part of a search body's query, under the access filter and the boost."""
    main = query["bool"]["must"][0] if "bool" in query else query
    return main["function_score"]["query"]


def filter_of(aggregation: dict) -> list[dict]:
    """The filter clauses a facet aggregation counts under."""
    scope = aggregation["filter"]
    return scope["bool"]["filter"] if "bool" in scope else []


def document(**overrides) -> SearchDocument:
    fields = {
        "kind": "topic",
        "object_id": 12,
        "heading": "Kafka consumer lag",
        "url": "/forum/t/12/",
        "created_at": NOW,
        "title": "Kafka consumer lag",
        "body": "Our consumers fall behind every night.",
        "tags": [Tag("kafka", "Kafka"), Tag("ops", "Operations")],
        "industry": "health",
        "access": ["public"],
    }
    return SearchDocument(**(fields | overrides))


def api_error(status: int) -> ApiError:
    meta = ApiResponseMeta(
        status=status,
        http_version="1.1",
        headers=HttpHeaders(),
        duration=0.0,
        node=NodeConfig("http", "localhost", 9200),
    )
    error_class = HTTP_EXCEPTIONS.get(status, ApiError)
    return error_class("search_failure", meta, {"error": "the engine said no"})


@pytest.fixture
def client() -> MagicMock:
    client = MagicMock()
    client.options.return_value = client
    client.indices.exists_alias.return_value = True
    client.bulk.return_value = {"errors": False, "items": []}
    return client


@pytest.fixture
def backend(client) -> ElasticsearchBackend:
    return ElasticsearchBackend(client, prefix="test")


# --- Mapping ----------------------------------------------------------------------------------


def test_mapping_analyses_text_in_english_and_title_prefixes_with_edge_ngrams():
    definition = content_index("test-content-1").to_dict()
    analysis = definition["settings"]["analysis"]
    properties = definition["mappings"]["properties"]

    english = analysis["analyzer"]["english_text"]
    assert english["tokenizer"] == "standard"
    assert [analysis["filter"].get(name, name) for name in english["filter"]] == [
        "lowercase",
        {"type": "stemmer", "language": "possessive_english"},
        {"type": "stop", "stopwords": "_english_"},
        {"type": "stemmer", "language": "english"},
    ]
    for field in ("title", "tags_text", "body"):
        assert properties[field]["type"] == "text", field
        assert properties[field]["analyzer"] == "english_text", field
    suggest = properties["title"]["fields"]["suggest"]
    prefixes = analysis["analyzer"][suggest["analyzer"]]
    assert prefixes["tokenizer"] == "standard"
    assert prefixes["filter"][0] == "lowercase"
    assert analysis["filter"][prefixes["filter"][1]] == {
        "type": "edge_ngram",
        "min_gram": 2,
        "max_gram": 20,
    }
    search_side = analysis["analyzer"][suggest["search_analyzer"]]
    assert search_side["tokenizer"] == "standard"
    assert search_side["filter"][0] == "lowercase"
    assert "edge_ngram" not in str(search_side)


def test_mapping_types_facet_and_display_fields():
    mapping = content_index("test-content-1").to_dict()["mappings"]
    properties = mapping["properties"]

    assert mapping["dynamic"] == "strict"
    for field in (
        "kind",
        "industry",
        "region",
        "audience",
        "status",
        "access",
        "tags",
        "tag_labels",
    ):
        assert properties[field] == {"type": "keyword"}, field
    assert properties["created_at"]["type"] == properties["indexed_at"]["type"] == "date"
    assert properties["boost"]["type"] == "float"
    assert properties["object_id"]["type"] == properties["author_id"]["type"] == "long"
    for field in ("heading", "url", "context", "author_name", "body_start", "badge"):
        assert properties[field]["index"] is False, field
    assert "solved" not in properties and "is_solution" not in properties


def test_index_names_are_versioned_behind_the_prefixed_alias(backend):
    first, second = backend.new_index_name(), backend.new_index_name()

    assert backend.alias == "test-content"
    assert first.startswith("test-content-") and first[len("test-content-") :].isdigit()
    assert first != second


def test_document_source_keeps_tag_slugs_and_names_and_leaves_out_empty_facets():
    indexed_at = NOW + timedelta(minutes=5)
    source = document_source(
        document(region="", status="unsolved", tags=[Tag("kafka", "Kafka"), Tag("kafka", "Kafka")]),
        indexed_at,
    )

    assert source["tags"] == ["kafka"]
    assert source["tag_labels"] == ["kafka\u001fKafka"]
    assert source["tags_text"] == "Kafka Kafka"
    assert source["industry"] == "health"
    assert source["region"] is None
    assert source["status"] == "unsolved"
    assert source["badge"] is None
    assert source["created_at"] == NOW.isoformat()
    assert source["indexed_at"] == indexed_at.isoformat()
    assert source["body_start"] == "Our consumers fall behind every night."


# --- Request bodies ---------------------------------------------------------------------------


def test_plain_search_needs_every_word_in_any_field_with_typo_tolerance_and_boost():
    query = body(request("Kafka consumer lag"), groups=[])["query"]
    main = query["bool"]["must"][0]["function_score"]

    assert main["functions"] == [{"field_value_factor": {"field": "boost", "missing": 1}}]
    assert main["boost_mode"] == "multiply"
    clauses = main["query"]["bool"]["must"]
    assert [clause["multi_match"]["query"] for clause in clauses] == ["kafka", "consumer", "lag"]
    for clause in clauses:
        assert clause["multi_match"]["fields"] == TEXT_FIELDS
        assert clause["multi_match"]["operator"] == "and"
        assert clause["multi_match"]["fuzziness"] == "AUTO"
        # A stop word must not make the whole search match nothing.
        assert clause["multi_match"]["zero_terms_query"] == "all"


def test_search_limits_members_to_public_and_their_groups_content():
    query = body(request("kafka"), groups=[4, 9])["query"]

    assert query["bool"]["filter"] == [{"terms": {"access": ["public", "group:4", "group:9"]}}]


def test_search_without_groups_sees_only_public_content():
    query = body(request("kafka"), groups=[])["query"]

    assert query["bool"]["filter"] == [{"terms": {"access": ["public"]}}]


def test_manager_search_has_no_access_filter():
    search = body(request("kafka"), groups=None)

    assert "access" not in str(search["query"])
    assert "function_score" in search["query"]


def test_search_highlights_body_with_private_markers():
    highlight = body(request("kafka"))["highlight"]

    assert highlight["pre_tags"] == [HIGHLIGHT_START]
    assert highlight["post_tags"] == [HIGHLIGHT_END]
    assert highlight["fields"]["body"] == {
        "fragment_size": 200,
        "number_of_fragments": 2,
        "no_match_size": 200,
    }


def test_match_any_is_one_or_query_without_stop_words():
    query = text_query(body(request("how to fix kafka lag", match_any=True))["query"])

    assert query == {
        "multi_match": {
            "query": "fix kafka lag",
            "fields": TEXT_FIELDS,
            "operator": "or",
            "fuzziness": "AUTO",
        }
    }


def test_browsing_without_words_matches_everything_newest_first_without_highlights():
    search = body(request("", sort="relevance"), groups=[])

    assert search["query"] == {"bool": {"filter": [{"terms": {"access": ["public"]}}]}}
    assert search["sort"] == [{"created_at": {"order": "desc"}}, {"object_id": {"order": "desc"}}]
    assert "highlight" not in search


def test_manager_browsing_matches_all():
    assert body(request(""), groups=None)["query"] == {"match_all": {}}


def test_relevance_sort_orders_by_score_then_newest():
    search = body(request("kafka", sort="relevance"))

    assert search["sort"][:2] == [{"_score": {"order": "desc"}}, {"created_at": {"order": "desc"}}]


def test_newest_sort_ignores_the_score():
    search = body(request("kafka", sort="newest"))

    assert search["sort"] == [{"created_at": {"order": "desc"}}, {"object_id": {"order": "desc"}}]


def test_pages_use_offset_and_size_and_count_every_hit():
    search = body(request("kafka", page=3, per_page=20))

    assert (search["from"], search["size"]) == (40, 20)
    assert search["track_total_hits"] is True


def test_hits_fetch_display_fields_but_not_the_searched_text():
    fields = body(request("kafka"))["_source"]["includes"]

    assert {"heading", "url", "body_start", "tag_labels"} <= set(fields)
    assert "body" not in fields and "tags_text" not in fields


@pytest.mark.parametrize(
    ("facet", "values", "clauses"),
    [
        ("type", ("topic", "event"), [{"terms": {"kind": ["topic", "event"]}}]),
        ("industry", ("health",), [{"terms": {"industry": ["health"]}}]),
        ("region", ("emea",), [{"terms": {"region": ["emea"]}}]),
        ("audience", ("b2b",), [{"terms": {"audience": ["b2b"]}}]),
        ("status", ("solved",), [{"terms": {"status": ["solved"]}}]),
        ("status", ("open", "closed"), [{"terms": {"status": ["open", "closed"]}}]),
        (
            "date",
            ("week", "month"),
            [{"range": {"created_at": {"gte": (NOW - timedelta(days=30)).isoformat()}}}],
        ),
        ("tag", ("kafka", "ops"), [{"term": {"tags": "kafka"}}, {"term": {"tags": "ops"}}]),
    ],
)
def test_each_facet_selection_filters_the_hits_after_the_query(facet, values, clauses):
    search = body(request("kafka", filters={facet: values}), groups=[])

    assert search["post_filter"] == {"bool": {"filter": clauses}}
    assert search["query"]["bool"]["filter"] == [{"terms": {"access": ["public"]}}]


def test_no_selection_means_no_post_filter_and_counts_over_everything():
    search = body(request("kafka"))

    assert "post_filter" not in search
    for facet in ("type", "industry", "region", "audience", "status", "date", "tag"):
        assert search["aggs"][facet]["filter"] == {"match_all": {}}


def test_a_facet_is_counted_without_its_own_selection_but_with_the_others():
    aggs = body(request("kafka", filters={"industry": ("health",), "region": ("emea",)}))["aggs"]
    industry, region = {"terms": {"industry": ["health"]}}, {"terms": {"region": ["emea"]}}

    assert filter_of(aggs["industry"]) == [region]
    assert filter_of(aggs["region"]) == [industry]
    assert filter_of(aggs["type"]) == [industry, region]
    assert filter_of(aggs["tag"]) == [industry, region]


def test_tag_counts_include_the_tag_selection_and_other_facets_do_too():
    aggs = body(request("kafka", filters={"tag": ("kafka",), "industry": ("health",)}))["aggs"]
    tag, industry = {"term": {"tags": "kafka"}}, {"terms": {"industry": ["health"]}}

    assert filter_of(aggs["tag"]) == [tag, industry]
    assert filter_of(aggs["industry"]) == [tag]
    assert filter_of(aggs["region"]) == [tag, industry]


def test_facet_aggregations_count_the_right_fields():
    aggs = body(request("kafka"))["aggs"]

    for facet, field in [
        ("type", "kind"),
        ("industry", "industry"),
        ("region", "region"),
        ("audience", "audience"),
        ("status", "status"),
    ]:
        assert aggs[facet]["aggs"]["values"]["terms"]["field"] == field
    tags = aggs["tag"]["aggs"]["values"]
    assert tags["terms"] == {
        "field": "tags",
        "size": 15,
        "order": [{"_count": "desc"}, {"_key": "asc"}],
    }
    assert tags["aggs"]["label"]["top_hits"]["_source"] == {"includes": ["tag_labels"]}


def test_date_facet_counts_each_range_back_from_now():
    date = body(request("kafka"))["aggs"]["date"]["aggs"]["values"]["date_range"]

    assert date["field"] == "created_at"
    assert date["keyed"] is True
    assert date["ranges"] == [
        {"key": "week", "from": (NOW - timedelta(days=7)).isoformat()},
        {"key": "month", "from": (NOW - timedelta(days=30)).isoformat()},
        {"key": "year", "from": (NOW - timedelta(days=365)).isoformat()},
    ]


def test_selected_tags_are_named_from_every_visible_document_not_only_the_matches():
    aggs = body(request("kafka", filters={"tag": ("kafka", "ops")}), groups=[2])["aggs"]
    selected = aggs["selected_tags"]

    assert selected["global"] == {}
    assert filter_of(selected["aggs"]["matching"]) == [
        {"terms": {"tags": ["kafka", "ops"]}},
        {"terms": {"access": ["public", "group:2"]}},
    ]
    assert selected["aggs"]["matching"]["aggs"]["values"]["terms"]["include"] == ["kafka", "ops"]
    assert "selected_tags" not in body(request("kafka"))["aggs"]


def test_title_suggestions_match_word_prefixes_and_tag_suggestions_the_last_word():
    search = build_suggestions(["kafka", "con"], [3], limit=6).to_dict()

    main = search["query"]["bool"]["must"][0]["function_score"]["query"]
    assert main == {"match": {"title.suggest": {"query": "kafka con", "operator": "and"}}}
    assert search["query"]["bool"]["filter"] == [{"terms": {"access": ["public", "group:3"]}}]
    assert search["size"] == 6
    assert search["sort"][1] == {"created_at": {"order": "desc"}}
    visible = search["aggs"]["tags"]["aggs"]["visible"]
    assert filter_of(visible) == [{"terms": {"access": ["public", "group:3"]}}]
    assert visible["aggs"]["values"]["terms"]["include"] == "con.*"
    assert visible["aggs"]["values"]["terms"]["size"] == 3


def test_tag_suggestion_prefix_is_a_literal_regular_expression():
    search = build_suggestions(["c.+"], None, limit=1).to_dict()
    terms = search["aggs"]["tags"]["aggs"]["visible"]["aggs"]["values"]["terms"]

    assert terms["include"] == "c\\.\\+.*"
    assert terms["size"] == 1
    assert search["aggs"]["tags"]["aggs"]["visible"]["filter"] == {"match_all": {}}


# --- Reading answers --------------------------------------------------------------------------


def value_facet(*counts: tuple[str, int], matched: int = 42) -> dict:
    """A facet's aggregation as Elasticsearch answers it: `matched` documents under the facet's
    filter, then one (value, documents) bucket per value."""
    buckets = [{"key": value, "doc_count": count} for value, count in counts]
    return {"doc_count": matched, "values": {"buckets": buckets}}


def tag_bucket(slug: str, count: int, labels: list[str]) -> dict:
    return {
        "key": slug,
        "doc_count": count,
        "label": {"hits": {"hits": [{"_source": {"tag_labels": labels}}]}},
    }


SEARCH_RESPONSE = {
    "hits": {
        "total": {"value": 42, "relation": "eq"},
        "hits": [
            {
                "_id": "topic:12",
                "_source": {
                    "kind": "topic",
                    "object_id": 12,
                    "heading": "Kafka consumer lag",
                    "url": "/forum/t/12/",
                    "created_at": "2025-02-27T09:30:00+00:00",
                    "body_start": "Our consumers fall behind",
                    "context": "Streaming",
                    "author_name": "Ada",
                    "tag_labels": ["kafka\u001fKafka", "ops\u001fOperations"],
                    "status": "solved",
                    "badge": "solved",
                },
                "highlight": {
                    "body": [f"our {HIGHLIGHT_START}kafka{HIGHLIGHT_END} lags", "at night"]
                },
            },
            {
                "_id": "reply:7",
                "_source": {
                    "kind": "reply",
                    "object_id": 7,
                    "heading": "Re: Kafka",
                    "url": "/forum/t/12/#r7",
                    "created_at": "2025-02-28T10:00:00+00:00",
                    "body_start": "Try more partitions.",
                    "badge": "solution",
                },
            },
        ],
    },
    "aggregations": {
        "type": value_facet(("reply", 30), ("event", 12), ("article", 12)),
        "industry": value_facet(("health", 5), ("", 3), matched=50),
        "region": value_facet(matched=0),
        "audience": value_facet(("b2b", 0)),
        "status": value_facet(("unsolved", 9), ("solved", 20)),
        "date": {
            "doc_count": 42,
            "values": {
                "buckets": {
                    "year": {"doc_count": 40},
                    "month": {"doc_count": 10},
                    "week": {"doc_count": 0},
                }
            },
        },
        "tag": {
            "doc_count": 42,
            "values": {
                "buckets": [
                    tag_bucket("kafka", 20, ["ops\u001fOperations", "kafka\u001fKafka"]),
                    tag_bucket("ops", 4, ["ops\u001fOperations"]),
                ]
            },
        },
        "selected_tags": {
            "doc_count": 100,
            "matching": {
                "doc_count": 3,
                "values": {"buckets": [tag_bucket("k8s", 3, ["k8s\u001fKubernetes"])]},
            },
        },
    },
}


def test_response_becomes_hits_with_highlighted_excerpts():
    results = parse_search_response(SEARCH_RESPONSE)
    first, second = results.hits

    assert results.total == 42
    assert (first.kind, first.object_id, first.heading, first.url) == (
        "topic",
        12,
        "Kafka consumer lag",
        "/forum/t/12/",
    )
    assert first.created_at == datetime(2025, 2, 27, 9, 30, tzinfo=UTC)
    assert first.excerpt == f"our {HIGHLIGHT_START}kafka{HIGHLIGHT_END} lags … at night"
    assert first.tags == [Tag("kafka", "Kafka"), Tag("ops", "Operations")]
    assert (first.context, first.author_name, first.status, first.badge) == (
        "Streaming",
        "Ada",
        "solved",
        "solved",
    )
    assert second.excerpt == "Try more partitions."
    assert (second.status, second.badge, second.tags) == ("", "solution", [])


def test_response_facets_drop_zero_and_empty_values_and_sort_by_count_then_value():
    facets = parse_search_response(SEARCH_RESPONSE).facets

    assert facets["type"] == [
        FacetCount("reply", 30),
        FacetCount("article", 12),
        FacetCount("event", 12),
    ]
    assert facets["industry"] == [FacetCount("health", 5)]
    assert "region" not in facets and "audience" not in facets
    assert facets["status"] == [FacetCount("solved", 20), FacetCount("unsolved", 9)]
    assert facets["tag"] == [FacetCount("kafka", 20), FacetCount("ops", 4)]


def test_response_date_facet_keeps_the_range_order():
    facets = parse_search_response(SEARCH_RESPONSE).facets

    assert facets["date"] == [FacetCount("month", 10), FacetCount("year", 40)]


def test_response_names_every_counted_and_selected_tag():
    tag_names = parse_search_response(SEARCH_RESPONSE).tag_names

    assert tag_names == {"kafka": "Kafka", "ops": "Operations", "k8s": "Kubernetes"}


def test_empty_response_has_no_hits_or_facets():
    results = parse_search_response({"hits": {"total": {"value": 0}, "hits": []}})

    assert (results.hits, results.total, results.facets, results.tag_names) == ([], 0, {}, {})


def test_suggestion_response_gives_titles_and_tags_with_counts():
    titles, tags = parse_suggestions(
        {
            "hits": {
                "hits": [
                    {
                        "_source": {
                            "kind": "topic",
                            "object_id": 12,
                            "heading": "Kafka consumer lag",
                            "url": "/forum/t/12/",
                        }
                    }
                ]
            },
            "aggregations": {
                "tags": {
                    "visible": {
                        "values": {"buckets": [tag_bucket("kafka", 7, ["kafka\u001fKafka"])]}
                    }
                }
            },
        }
    )

    assert [(t.kind, t.label, t.url, t.object_id) for t in titles] == [
        ("topic", "Kafka consumer lag", "/forum/t/12/", 12)
    ]
    assert [(t.kind, t.label, t.url, t.detail) for t in tags] == [("tag", "Kafka", "kafka", "7")]


# --- Talking to the client --------------------------------------------------------------------


def test_search_sends_the_built_body_to_the_alias_and_parses_the_answer(backend, client):
    client.search.return_value = SEARCH_RESPONSE
    search_request = request("kafka", filters={"industry": ("health",)})

    results = backend.search(search_request, groups=[1])

    client.search.assert_called_once_with(
        index="test-content", body=build_search(search_request, [1]).to_dict()
    )
    assert results.total == 42


def test_suggest_sends_at_most_eight_lowercased_words(backend, client):
    client.search.return_value = {"hits": {"hits": []}}

    assert backend.suggest("A b c d e f g h I j", groups=None, limit=4) == ([], [])

    sent = client.search.call_args.kwargs["body"]
    assert sent == build_suggestions(list("abcdefgh"), None, limit=4).to_dict()


def test_suggest_without_words_asks_nothing(backend, client):
    assert backend.suggest(" -- ?", groups=None) == ([], [])
    client.search.assert_not_called()


def test_index_upserts_each_document_under_its_key_with_an_indexed_at_time(backend, client):
    backend.index([document(), document(kind="reply", object_id=7)])

    operations = client.bulk.call_args.kwargs["operations"]
    assert operations[0] == {"index": {"_index": "test-content", "_id": "topic:12"}}
    assert operations[2] == {"index": {"_index": "test-content", "_id": "reply:7"}}
    assert operations[1]["kind"] == "topic" and operations[3]["object_id"] == 7
    indexed_at = datetime.fromisoformat(operations[1]["indexed_at"])
    assert abs(indexed_at - datetime.now(UTC)) < timedelta(minutes=1)
    client.indices.create.assert_not_called()


def test_index_creates_the_first_versioned_index_with_the_alias(backend, client):
    client.indices.exists_alias.return_value = False

    backend.index([document()])

    created = client.indices.create.call_args.kwargs
    assert created["index"].startswith("test-content-")
    assert created["aliases"] == {"test-content": {}}
    assert created["mappings"]["properties"]["tags"] == {"type": "keyword"}
    assert client.bulk.call_args.kwargs["operations"][0]["index"]["_index"] == "test-content"


def test_index_of_nothing_sends_nothing(backend, client):
    backend.index([])

    client.bulk.assert_not_called()


def test_index_sends_large_batches_in_chunks(backend, client):
    backend.index([document(object_id=n) for n in range(es.BULK_CHUNK + 1)])

    sizes = [len(call.kwargs["operations"]) for call in client.bulk.call_args_list]
    assert sizes == [es.BULK_CHUNK * 2, 2]


def test_refused_document_makes_indexing_unavailable(backend, client):
    client.bulk.return_value = {
        "errors": True,
        "items": [{"index": {"_id": "topic:12", "status": 400, "error": {"type": "mapper"}}}],
    }

    with pytest.raises(SearchUnavailable):
        backend.index([document()])


def test_remove_deletes_by_key_and_ignores_missing_documents(backend, client):
    client.bulk.return_value = {
        "errors": True,
        "items": [
            {"delete": {"_id": "topic:12", "status": 200}},
            {"delete": {"_id": "reply:7", "status": 404, "result": "not_found"}},
        ],
    }

    backend.remove([("topic", 12), ("reply", 7)])

    assert client.bulk.call_args.kwargs["operations"] == [
        {"delete": {"_index": "test-content", "_id": "topic:12"}},
        {"delete": {"_index": "test-content", "_id": "reply:7"}},
    ]


def test_remove_fails_on_other_errors(backend, client):
    client.bulk.return_value = {
        "errors": True,
        "items": [{"delete": {"_id": "topic:12", "status": 429, "error": "too many"}}],
    }

    with pytest.raises(SearchUnavailable):
        backend.remove([("topic", 12)])


def test_remove_without_an_index_does_nothing(backend, client):
    client.indices.exists_alias.return_value = False

    backend.remove([("topic", 12)])

    client.bulk.assert_not_called()
    client.indices.create.assert_not_called()


def test_full_rebuild_fills_a_new_index_then_swaps_the_alias_and_deletes_the_old(backend, client):
    client.indices.get_alias.return_value = {"test-content-1": {"aliases": {"test-content": {}}}}

    writer = backend.start_rebuild(kinds=None, started_at=NOW)
    new = client.indices.create.call_args.kwargs["index"]
    writer.add([document()])
    writer.finish(["topic", "reply"])

    assert new.startswith("test-content-")
    assert "aliases" not in client.indices.create.call_args.kwargs
    assert client.bulk.call_args.kwargs["operations"][0]["index"]["_index"] == new
    client.indices.refresh.assert_called_once_with(index=new)
    client.indices.update_aliases.assert_called_once_with(
        actions=[
            {"remove": {"index": "test-content-1", "alias": "test-content"}},
            {"add": {"index": new, "alias": "test-content"}},
        ]
    )
    client.indices.delete.assert_called_once_with(index="test-content-1")
    client.delete_by_query.assert_not_called()


def test_first_full_rebuild_adds_the_alias_and_deletes_nothing(backend, client):
    client.indices.get_alias.side_effect = api_error(404)

    writer = backend.start_rebuild(kinds=None, started_at=NOW)
    writer.finish(["topic"])

    new = client.indices.create.call_args.kwargs["index"]
    client.indices.update_aliases.assert_called_once_with(
        actions=[{"add": {"index": new, "alias": "test-content"}}]
    )
    client.indices.delete.assert_not_called()


def test_rebuild_of_some_kinds_writes_in_place_and_drops_what_it_did_not_write(backend, client):
    writer = backend.start_rebuild(kinds=["topic"], started_at=NOW)
    writer.add([document()])
    writer.finish(["topic"])

    client.indices.create.assert_not_called()
    assert client.bulk.call_args.kwargs["operations"][0]["index"]["_index"] == "test-content"
    deleted = client.delete_by_query.call_args.kwargs
    assert deleted["index"] == "test-content"
    assert deleted["query"] == {
        "bool": {
            "filter": [
                {"terms": {"kind": ["topic"]}},
                {"range": {"indexed_at": {"lt": NOW.isoformat()}}},
            ]
        }
    }
    client.indices.update_aliases.assert_not_called()


def test_drop_deletes_every_index_of_the_prefix(backend, client):
    client.indices.get.return_value = {"test-content-1": {}, "test-content-2": {}}

    backend.drop()

    client.indices.get.assert_called_once_with(index="test-*")
    client.indices.delete.assert_called_once_with(index="test-content-1,test-content-2")


def test_refresh_makes_writes_visible(backend, client):
    backend.refresh()

    assert client.indices.refresh.call_args.kwargs["index"] == "test-content"


@pytest.mark.parametrize(
    "error", [ConnectionError("refused"), ConnectionTimeout("too slow"), api_error(503)]
)
def test_every_client_failure_becomes_search_unavailable(backend, client, error):
    client.search.side_effect = error
    client.bulk.side_effect = error

    with pytest.raises(SearchUnavailable) as raised:
        backend.search(request("kafka"), groups=None)
    assert raised.value.__cause__ is error
    with pytest.raises(SearchUnavailable):
        backend.suggest("kaf", groups=None)
    with pytest.raises(SearchUnavailable):
        backend.index([document()])
    with pytest.raises(SearchUnavailable):
        backend.remove([("topic", 12)])


def test_unreachable_engine_is_unavailable_quickly():
    client = Elasticsearch(
        "http://127.0.0.1:9", request_timeout=0.5, max_retries=0, retry_on_timeout=False
    )
    backend = ElasticsearchBackend(client, prefix="test")
    started = time.monotonic()

    with pytest.raises(SearchUnavailable):
        backend.search(request("kafka"), groups=[])

    assert time.monotonic() - started < 2


def test_backend_from_settings_shares_one_client_per_address(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_INDEX_PREFIX = "site"
    settings.ELASTICSEARCH_TIMEOUT = 0.5

    first, second = ElasticsearchBackend.from_settings(), ElasticsearchBackend.from_settings()

    assert first.client is second.client
    assert first.alias == "site-content"
    assert ElasticsearchBackend.name == "elasticsearch"
