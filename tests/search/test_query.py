"""Reading a search from the query string: nothing a member types is trusted."""

from django.http import QueryDict

from community.search.query import MAX_PAGES, FacetCatalog, SearchRequest, parse_request

CATALOG = FacetCatalog(
    types={"topic": "Topics", "reply": "Replies"},
    industries={"healthcare": "Healthcare"},
    regions={"emea": "EMEA"},
    statuses={"open": "Open", "closed": "Closed"},
    aliases={"state": "status"},
)


def parse(query: str):
    return parse_request(
        QueryDict(query),
        catalog=CATALOG,
        known_tags=lambda slugs: {"sso": "sso"} if "sso" in slugs else {},
    )


def test_known_filters_are_kept_and_lower_cased():
    request = parse("q=okta&industry=Healthcare&region=EMEA&tag=sso&type=topic&type=reply")
    assert request.filters == {
        "type": ("topic", "reply"),
        "tag": ("sso",),
        "industry": ("healthcare",),
        "region": ("emea",),
    }
    assert request.notes == []


def test_status_values_are_those_the_types_declare_and_older_names_still_count():
    request = parse("status=Open&state=closed&status=sideways")
    assert request.filters == {"status": ("open", "closed")}
    assert request.notes == ["Status: ignored “sideways”, which matched nothing we know."]


def test_words_are_letters_and_digits_only():
    assert SearchRequest(text='title:"okta" AND -sso* || 2fa').terms == [
        "title",
        "okta",
        "and",
        "sso",
        "2fa",
    ]


def test_any_word_searches_leave_out_common_words():
    assert SearchRequest(text="How do I reset my password", match_any=True).terms == [
        "reset",
        "password",
    ]


def test_page_numbers_are_bounded():
    assert parse("page=0").page == 1
    assert parse("page=abc").page == 1
    deep = parse("page=100000")
    assert deep.page == MAX_PAGES and deep.requested_page == 100000


def test_a_very_long_query_is_cut_at_a_word():
    request = parse("q=" + "word " * 100)
    assert len(request.text) <= 200 and request.text.endswith("word")
    assert "shortened" in request.notes[0]
