"""Search on Elasticsearch: one index of `SearchDocument`s behind the alias `{prefix}-content`.

Request bodies are built by pure functions (`build_search`, `build_suggestions`) and answers are
read by pure functions of the response body (`parse_search_response`, `parse_suggestions`), so
both can be checked without a cluster. Facets are counted the way the database backend counts
them: the page of hits obeys every facet filter (as a post_filter), while each facet's counts
obey every filter but its own, so picking "Healthcare" still shows how many results the other
industries have. Tags are the exception: a second tag narrows further, so tag counts include
the tag filter.

A full rebuild fills a new versioned index and then moves the alias to it in one atomic
`update_aliases` call, so searches never see a half-built index.
"""

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from typing import Any

from django.conf import settings
from elastic_transport import ApiError, TransportError
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.dsl import (
    SF,
    A,
    Date,
    Document,
    Float,
    Index,
    Keyword,
    Long,
    MetaField,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)
from elasticsearch.dsl.query import Query

from ..documents import HIGHLIGHT_END, HIGHLIGHT_START, SearchDocument, Tag, group_access, words
from ..errors import SearchUnavailable
from ..query import DATE_RANGES, FACETS, SearchRequest
from ..results import BackendResults, FacetCount, Hit, Suggestion

logger = logging.getLogger(__name__)

TEXT_FIELDS = ["title^3", "tags_text^2", "body"]
# Facet name -> keyword field counted with a terms aggregation.
KEYWORD_FACETS = {
    "type": "kind",
    "industry": "industry",
    "region": "region",
    "audience": "audience",
    "status": "status",
}
FACET_SIZE = 100
TAG_FACET_SIZE = 15
EXCERPT_CHARS = 300
FRAGMENT_CHARS = 200
FRAGMENT_SEPARATOR = " … "
MAX_SUGGEST_TERMS = 8
# Joins a tag's slug and name in `tag_labels`; never part of either.
LABEL_SEPARATOR = "\u001f"
BULK_CHUNK = 500
# Searches must answer within ELASTICSEARCH_TIMEOUT; writes run in the background and a bulk
# request of a few hundred long posts can take longer than that.
WRITE_TIMEOUT = 30.0
# Fields a hit is shown with; the searched text stays on the server.
HIT_FIELDS = [
    "kind",
    "object_id",
    "heading",
    "url",
    "created_at",
    "body_start",
    "context",
    "author_name",
    "tag_labels",
    "status",
    "badge",
]


english = analyzer(
    "english_text",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter("english_possessive_stemmer", "stemmer", language="possessive_english"),
        token_filter("english_stop", "stop", stopwords="_english_"),
        token_filter("english_stemmer", "stemmer", language="english"),
    ],
)
title_prefixes = analyzer(
    "title_prefixes",
    tokenizer="standard",
    filter=["lowercase", token_filter("title_edge_ngram", "edge_ngram", min_gram=2, max_gram=20)],
)
# Cut at the longest indexed prefix, so a long word typed in full still finds its title.
title_prefix_search = analyzer(
    "title_prefix_search",
    tokenizer="standard",
    filter=["lowercase", token_filter("title_prefix_length", "truncate", length=20)],
)


def _shown(**kwargs: Any) -> Keyword:
    """A field kept in _source for display only: not searchable, sortable or aggregatable."""
    return Keyword(index=False, doc_values=False, **kwargs)


class ContentDocument(Document):
    """The mapping of the content index, one document per `SearchDocument`."""

    kind = Keyword()
    object_id = Long()
    title = Text(
        analyzer=english,
        fields={"suggest": Text(analyzer=title_prefixes, search_analyzer=title_prefix_search)},
    )
    tags_text = Text(analyzer=english)
    body = Text(analyzer=english)
    tags = Keyword(multi=True)
    tag_labels = Keyword(multi=True)
    industry = Keyword()
    region = Keyword()
    audience = Keyword()
    access = Keyword(multi=True)
    status = Keyword()
    created_at = Date()
    indexed_at = Date()
    boost = Float()
    author_id = Long()
    heading = _shown()
    url = _shown()
    context = _shown()
    author_name = _shown()
    body_start = _shown()
    badge = _shown()

    class Meta:
        dynamic = MetaField("strict")

    class Index:
        settings = {"number_of_shards": 1}


def content_index(name: str) -> Index:
    """The definition (settings, analysis, mappings) of a content index called `name`."""
    return ContentDocument._index.clone(name)


def document_source(document: SearchDocument, indexed_at: datetime) -> dict[str, Any]:
    """The indexed form of a document."""
    tags = list({tag.slug: tag for tag in document.tags}.values())
    return {
        "kind": document.kind,
        "object_id": document.object_id,
        "title": document.title,
        "tags_text": document.tags_text,
        "body": document.body,
        "body_start": document.body[:EXCERPT_CHARS],
        "heading": document.heading,
        "url": document.url,
        "context": document.context,
        "author_id": document.author_id,
        "author_name": document.author_name,
        "tags": [tag.slug for tag in tags],
        "tag_labels": [f"{tag.slug}{LABEL_SEPARATOR}{tag.name}" for tag in tags],
        # Empty values are left out, so they are never counted as a facet value.
        "industry": document.industry or None,
        "region": document.region or None,
        "audience": document.audience or None,
        "status": document.status or None,
        "badge": document.badge or None,
        "access": list(document.access),
        "created_at": _iso(document.created_at),
        "indexed_at": _iso(indexed_at),
        "boost": document.boost,
    }


# --- Building requests ----------------------------------------------------------------------


def build_search(request: SearchRequest, groups: list[int] | None) -> Search:
    """One page of hits for the request, with every facet's counts and the tag names."""
    terms = request.terms
    query = _boosted(_text_query(terms, match_any=request.match_any)) if terms else Q("match_all")
    search = Search().query(query).extra(track_total_hits=True)
    access = access_filter(groups)
    if access is not None:
        search = search.filter(access)

    filters = facet_filters(request)
    selected = [q for queries in filters.values() for q in queries]
    if selected:
        search = search.post_filter(_all_of(selected))
    for facet in FACETS:
        # Tags narrow each other; every other facet is counted as if its own choice were not made.
        scope = [
            q
            for name, queries in filters.items()
            if facet == "tag" or name != facet
            for q in queries
        ]
        search.aggs.bucket(facet, "filter", filter=_all_of(scope)).bucket(
            "values", _facet_aggregation(facet, request)
        )
    selected_tags = list(request.filters.get("tag", ()))
    if selected_tags:
        # Names for the chosen tags even when nothing matches the search text.
        scope = [Q("terms", tags=selected_tags)] + ([access] if access is not None else [])
        search.aggs.bucket("selected_tags", "global").bucket(
            "matching", "filter", filter=_all_of(scope)
        ).bucket("values", _tag_terms(include=selected_tags, size=len(selected_tags)))

    if terms and request.sort == "relevance":
        search = search.sort({"_score": {"order": "desc"}}, *_NEWEST)
    else:
        search = search.sort(*_NEWEST)
    if terms:
        search = search.highlight_options(
            pre_tags=[HIGHLIGHT_START], post_tags=[HIGHLIGHT_END]
        ).highlight(
            "body",
            fragment_size=FRAGMENT_CHARS,
            number_of_fragments=2,
            no_match_size=FRAGMENT_CHARS,
        )
    search = search.source(includes=HIT_FIELDS)
    return search[request.offset : request.offset + request.per_page]


def build_suggestions(terms: list[str], groups: list[int] | None, *, limit: int) -> Search:
    """Titles with a word starting with each term, and tags starting with the last term."""
    search = Search().query(
        _boosted(Q("match", **{"title.suggest": {"query": " ".join(terms), "operator": "and"}}))
    )
    access = access_filter(groups)
    if access is not None:
        search = search.filter(access)
    # Tags are counted over everything the viewer may see, not only the matching titles.
    search.aggs.bucket("tags", "global").bucket(
        "visible", "filter", filter=_all_of([access] if access is not None else [])
    ).bucket(
        "values",
        _tag_terms(include=_regex_literal(terms[-1]) + ".*", size=max(1, limit // 2)),
    )
    search = search.sort({"_score": {"order": "desc"}}, *_NEWEST)
    search = search.source(includes=["kind", "object_id", "heading", "url", "context"])
    return search[:limit]


def access_filter(groups: list[int] | None) -> Query | None:
    """Public documents plus those of the viewer's groups; None (no limit) for groups=None."""
    if groups is None:
        return None
    return Q("terms", access=["public"] + [group_access(group) for group in groups])


def facet_filters(request: SearchRequest) -> dict[str, list[Query]]:
    """The filter clauses of each facet with a selection, by facet name."""
    filters: dict[str, list[Query]] = {}
    for facet, values in request.filters.items():
        if not values:
            continue
        if facet in KEYWORD_FACETS:
            filters[facet] = [Q("terms", **{KEYWORD_FACETS[facet]: list(values)})]
        elif facet == "date":
            filters[facet] = [Q("range", created_at={"gte": _iso(request.date_from())})]
        elif facet == "tag":
            # Every selected tag must be there.
            filters[facet] = [Q("term", tags=slug) for slug in values]
    return filters


_NEWEST = ({"created_at": {"order": "desc"}}, {"object_id": {"order": "desc"}})


def _text_query(terms: list[str], *, match_any: bool) -> Query:
    if match_any:
        return Q(
            "multi_match",
            query=" ".join(terms),
            fields=TEXT_FIELDS,
            operator="or",
            fuzziness="AUTO",
        )
    # One clause per word: a single multi_match with operator "and" would need every word in
    # the same field, where the database needs each word somewhere in title, tags or body.
    # A stop word analyses to nothing and must not make its clause match nothing.
    return Q(
        "bool",
        must=[
            Q(
                "multi_match",
                query=term,
                fields=TEXT_FIELDS,
                operator="and",
                fuzziness="AUTO",
                zero_terms_query="all",
            )
            for term in terms
        ],
    )


def _boosted(query: Query) -> Query:
    """The query's scores multiplied by each document's `boost`."""
    return Q(
        "function_score",
        query=query,
        functions=[SF("field_value_factor", field="boost", missing=1)],
        boost_mode="multiply",
    )


def _all_of(queries: list[Query]) -> Query:
    return Q("bool", filter=queries) if queries else Q("match_all")


def _facet_aggregation(facet: str, request: SearchRequest):
    if facet in KEYWORD_FACETS:
        return A("terms", field=KEYWORD_FACETS[facet], size=FACET_SIZE)
    if facet == "date":
        return A(
            "date_range",
            field="created_at",
            keyed=True,
            ranges=[
                {"key": value, "from": _iso(request.now - span)}
                for value, (_, span) in DATE_RANGES.items()
            ],
        )
    return _tag_terms(size=TAG_FACET_SIZE)


def _tag_terms(*, size: int, include: str | list[str] | None = None):
    """Tag slugs by count, each with one document's labels to read the tag's name from."""
    options: dict[str, Any] = {"include": include} if include is not None else {}
    tags = A(
        "terms",
        field="tags",
        size=size,
        order=[{"_count": "desc"}, {"_key": "asc"}],
        **options,
    )
    tags.bucket("label", "top_hits", size=1, _source={"includes": ["tag_labels"]})
    return tags


def _regex_literal(text: str) -> str:
    """`text` as a Lucene regular expression matching only itself."""
    return "".join(char if char.isalnum() else "\\" + char for char in text)


# --- Reading responses ----------------------------------------------------------------------


def parse_search_response(response: dict[str, Any]) -> BackendResults:
    """Hits, total, facet counts and tag names from the body of a `build_search` response."""
    aggregations = response.get("aggregations", {})
    facets: dict[str, list[FacetCount]] = {}
    for facet in FACETS:
        counts = _facet_counts(facet, aggregations.get(facet, {}).get("values", {}))
        if counts:
            facets[facet] = counts
    tag_names = _tag_names(aggregations.get("tag", {}).get("values", {}))
    selected = aggregations.get("selected_tags", {}).get("matching", {}).get("values", {})
    tag_names.update(_tag_names(selected))
    hits = [_hit(hit) for hit in response["hits"]["hits"]]
    return BackendResults(
        hits=hits, total=_total(response["hits"]), facets=facets, tag_names=tag_names
    )


def parse_suggestions(response: dict[str, Any]) -> tuple[list[Suggestion], list[Suggestion]]:
    """Title and tag suggestions from the body of a `build_suggestions` response."""
    titles = []
    for hit in response["hits"]["hits"]:
        source = hit["_source"]
        titles.append(
            Suggestion(
                kind=source["kind"],
                label=source.get("heading", ""),
                url=source.get("url", ""),
                object_id=source["object_id"],
                detail=source.get("context", ""),
            )
        )
    buckets = (
        response.get("aggregations", {})
        .get("tags", {})
        .get("visible", {})
        .get("values", {})
        .get("buckets", [])
    )
    tags = [
        Suggestion(
            kind="tag",
            label=_bucket_tag_name(bucket) or bucket["key"],
            url=bucket["key"],
            detail=str(bucket["doc_count"]),
        )
        for bucket in buckets
    ]
    return titles, tags


def _facet_counts(facet: str, aggregation: dict[str, Any]) -> list[FacetCount]:
    buckets = aggregation.get("buckets", [])
    if facet == "date":
        return [
            FacetCount(value, buckets[value]["doc_count"])
            for value in DATE_RANGES
            if value in buckets and buckets[value]["doc_count"]
        ]
    counts = [
        FacetCount(str(bucket["key"]), bucket["doc_count"])
        for bucket in buckets
        if bucket["doc_count"] and bucket["key"] != ""
    ]
    return sorted(counts, key=lambda count: (-count.count, count.value))


def _tag_names(aggregation: dict[str, Any]) -> dict[str, str]:
    names = {}
    for bucket in aggregation.get("buckets", []):
        names[bucket["key"]] = _bucket_tag_name(bucket) or bucket["key"]
    return names


def _bucket_tag_name(bucket: dict[str, Any]) -> str:
    """The name of the bucket's tag, read from the labels of one of its documents."""
    for hit in bucket.get("label", {}).get("hits", {}).get("hits", []):
        for tag in _tags(hit.get("_source", {}).get("tag_labels", [])):
            if tag.slug == bucket["key"]:
                return tag.name
    return ""


def _tags(labels: Iterable[str]) -> list[Tag]:
    tags = []
    for label in labels:
        slug, _, name = label.partition(LABEL_SEPARATOR)
        tags.append(Tag(slug, name or slug))
    return tags


def _hit(hit: dict[str, Any]) -> Hit:
    source = hit["_source"]
    fragments = hit.get("highlight", {}).get("body", [])
    return Hit(
        kind=source["kind"],
        object_id=source["object_id"],
        heading=source.get("heading", ""),
        url=source.get("url", ""),
        created_at=_parse_datetime(source["created_at"]),
        excerpt=FRAGMENT_SEPARATOR.join(fragments) or source.get("body_start", ""),
        context=source.get("context", ""),
        author_name=source.get("author_name", ""),
        tags=_tags(source.get("tag_labels", [])),
        status=source.get("status") or "",
        badge=source.get("badge") or "",
    )


def _total(hits: dict[str, Any]) -> int:
    total = hits.get("total", 0)
    return int(total["value"] if isinstance(total, dict) else total)


def _iso(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def _parse_datetime(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


# --- The backend ----------------------------------------------------------------------------


@cache
def _client(url: str, timeout: float) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


@contextmanager
def _unavailable(action: str) -> Iterator[None]:
    """Any failure to talk to the engine becomes `SearchUnavailable`."""
    try:
        yield
    except (TransportError, ApiError) as error:
        logger.warning("Elasticsearch %s failed: %s", action, error)
        raise SearchUnavailable(f"Elasticsearch {action} failed: {error}") from error


def _check_items(items: list[dict[str, Any]], *, ignore_missing: bool) -> None:
    for item in items:
        (action, result), *_ = item.items()
        status = result.get("status", 200)
        if status < 300 or (ignore_missing and action == "delete" and status == 404):
            continue
        message = f"Elasticsearch refused a {action} of {result.get('_id')}: {result.get('error')}"
        logger.warning(message)
        raise SearchUnavailable(message)


def _body(response: Any) -> Any:
    # The client's responses wrap the JSON body; plain mappings pass through unchanged.
    return getattr(response, "body", response)


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, client: Elasticsearch, *, prefix: str) -> None:
        self.client = client
        self.prefix = prefix
        self.alias = f"{prefix}-content"
        self._writer = client.options(request_timeout=WRITE_TIMEOUT)
        self._alias_exists = False

    @classmethod
    def from_settings(cls) -> "ElasticsearchBackend":
        client = _client(settings.ELASTICSEARCH_URL, float(settings.ELASTICSEARCH_TIMEOUT))
        return cls(client, prefix=settings.ELASTICSEARCH_INDEX_PREFIX)

    # --- Writing ----------------------------------------------------------------------------

    def index(self, documents: list[SearchDocument]) -> None:
        """Add or replace the documents, creating the first index behind the alias if needed."""
        if not documents:
            return
        with _unavailable("indexing"):
            if not self._has_alias():
                self._create_index(self.new_index_name(), with_alias=True)
                self._alias_exists = True
            self._bulk_index(self.alias, documents)

    def remove(self, keys: Iterable[tuple[str, int]]) -> None:
        """Delete the documents with these keys; missing ones are no error."""
        ids = [f"{kind}:{object_id}" for kind, object_id in keys]
        if not ids:
            return
        with _unavailable("removal"):
            # Writing to a missing alias would create a plain index of that name.
            if not self._has_alias():
                return
            self._bulk(
                [[{"delete": {"_index": self.alias, "_id": key}}] for key in ids],
                ignore_missing=True,
            )

    def start_rebuild(
        self, *, kinds: list[str] | None, started_at: datetime
    ) -> "ElasticsearchRebuild":
        """A writer that rebuilds all content in a new index (kinds=None) or some kinds in place."""
        with _unavailable("rebuild"):
            if kinds is None:
                name = self.new_index_name()
                self._create_index(name, with_alias=False)
                return ElasticsearchRebuild(self, target=name, swap=True, started_at=started_at)
            if not self._has_alias():
                self._create_index(self.new_index_name(), with_alias=True)
                self._alias_exists = True
        return ElasticsearchRebuild(self, target=self.alias, swap=False, started_at=started_at)

    def refresh(self) -> None:
        """Make every write so far visible to searches."""
        with _unavailable("refresh"):
            self._writer.indices.refresh(
                index=self.alias, ignore_unavailable=True, allow_no_indices=True
            )

    def drop(self) -> None:
        """Delete every index of this prefix."""
        with _unavailable("drop"):
            names = list(_body(self._writer.indices.get(index=f"{self.prefix}-*")))
            if names:
                self._writer.indices.delete(index=",".join(names))
        self._alias_exists = False

    def new_index_name(self) -> str:
        return f"{self.alias}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    def _has_alias(self) -> bool:
        if not self._alias_exists:
            self._alias_exists = bool(self.client.indices.exists_alias(name=self.alias))
        return self._alias_exists

    def _create_index(self, name: str, *, with_alias: bool) -> None:
        definition = content_index(name).to_dict()
        if with_alias:
            definition["aliases"] = {self.alias: {}}
        self._writer.indices.create(index=name, **definition)

    def _bulk_index(self, index: str, documents: list[SearchDocument]) -> None:
        indexed_at = datetime.now(UTC)
        self._bulk(
            [
                [
                    {"index": {"_index": index, "_id": document.key}},
                    document_source(document, indexed_at),
                ]
                for document in documents
            ]
        )

    def _bulk(self, actions: list[list[dict[str, Any]]], *, ignore_missing: bool = False) -> None:
        """Send the actions (each its bulk lines) in chunks; any failed item fails the call."""
        for start in range(0, len(actions), BULK_CHUNK):
            lines = [line for action in actions[start : start + BULK_CHUNK] for line in action]
            response = _body(self._writer.bulk(operations=lines))
            if response.get("errors"):
                _check_items(response.get("items", []), ignore_missing=ignore_missing)

    # --- Reading ----------------------------------------------------------------------------

    def search(self, request: SearchRequest, *, groups: list[int] | None) -> BackendResults:
        body = build_search(request, groups).to_dict()
        with _unavailable("search"):
            response = self.client.search(index=self.alias, body=body)
        return parse_search_response(_body(response))

    def suggest(
        self, text: str, *, groups: list[int] | None, limit: int = 6
    ) -> tuple[list[Suggestion], list[Suggestion]]:
        """Titles with words starting like the text's words, and tags starting like its last."""
        terms = [term.lower() for term in words(text)][:MAX_SUGGEST_TERMS]
        if not terms:
            return [], []
        body = build_suggestions(terms, groups, limit=limit).to_dict()
        with _unavailable("suggestions"):
            response = self.client.search(index=self.alias, body=body)
        return parse_suggestions(_body(response))


class ElasticsearchRebuild:
    """Writes a rebuild's documents, then makes the result the one searches see.

    A full rebuild (`swap=True`) writes into its own new index and finishes by moving the alias
    to it and deleting the old indices. A rebuild of some kinds writes through the alias and
    finishes by deleting those kinds' documents it did not write.
    """

    def __init__(
        self, backend: ElasticsearchBackend, *, target: str, swap: bool, started_at: datetime
    ) -> None:
        self.backend, self.target, self.swap, self.started_at = backend, target, swap, started_at

    def add(self, documents: list[SearchDocument]) -> None:
        if not documents:
            return
        with _unavailable("rebuild"):
            self.backend._bulk_index(self.target, documents)

    def finish(self, kinds: list[str]) -> None:
        writer, alias = self.backend._writer, self.backend.alias
        with _unavailable("rebuild"):
            if self.swap:
                writer.indices.refresh(index=self.target)
                try:
                    old = sorted(_body(writer.indices.get_alias(name=alias)))
                except NotFoundError:
                    old = []
                actions = [{"remove": {"index": name, "alias": alias}} for name in old]
                actions.append({"add": {"index": self.target, "alias": alias}})
                writer.indices.update_aliases(actions=actions)
                self.backend._alias_exists = True
                stale = [name for name in old if name != self.target]
                if stale:
                    writer.indices.delete(index=",".join(stale))
                return
            writer.indices.refresh(index=alias)
            writer.delete_by_query(
                index=alias,
                query=Q(
                    "bool",
                    filter=[
                        Q("terms", kind=list(kinds)),
                        Q("range", indexed_at={"lt": _iso(self.started_at)}),
                    ],
                ).to_dict(),
                conflicts="proceed",
                refresh=True,
            )
