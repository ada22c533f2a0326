"""The search pages as members use them: results, facets, suggestions, similar questions."""

import re

import pytest
from django.urls import reverse

from community.search import services
from community.search.errors import SearchUnavailable
from forums import services as forum_services
from tests.factories import CustomerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory, TopicFactory

# Session, member and groups; segments; selected tags; facets; the page; its entries and tags;
# one visibility check per content type on the page; the notification bell.
SEARCH_QUERY_BUDGET = 14
SUGGEST_QUERY_BUDGET = 8


def page_text(response) -> str:
    """The page as read: tags dropped (highlights split words from their neighbours)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


@pytest.fixture
def answered(category, partner_lounge, asker, reindex):
    question = TopicFactory(
        category=category,
        author=asker,
        title="Exporting campaign reports to CSV",
        body="Where is the export button for campaign reports?",
        tags=["reporting"],
    )
    answer = ReplyFactory(topic=question, body="Open the report, then Export, then choose CSV.")
    forum_services.accept_solution(topic=question, reply=answer, member=asker)
    TopicFactory(
        category=partner_lounge,
        author=PartnerFactory(),
        title="Partner report templates",
        body="Report templates for partner quarterly reviews.",
    )
    reindex()
    return question, answer


def test_results_show_highlighted_matches_with_their_type_and_facets(client, answered):
    response = client.get("/search/", {"q": "export report"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Exporting campaign reports to CSV" in page_text(response)
    assert "Accepted solution" in html
    assert "<mark>export</mark>" in html
    assert 'class="facet__value' in html
    assert "Partner report templates" not in page_text(response)


def test_the_page_keeps_the_query_and_the_filters_in_its_links(client, answered):
    response = client.get("/search/", {"q": "report", "tag": "reporting", "sort": "newest"})
    html = response.content.decode()
    assert 'value="report"' in html
    assert "Tags: reporting" in page_text(response)
    assert "?q=report&amp;sort=newest" in html  # the chip that removes the tag keeps the rest


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_results_page_has_a_fixed_query_budget(
    client, answered, category, reindex, signed_in, django_assert_max_num_queries
):
    if signed_in:
        client.force_login(CustomerFactory())
    for number in range(30):
        TopicFactory(category=category, title=f"Report number {number}", tags=["reporting"])
    reindex()
    params = {"q": "report", "tag": "reporting", "industry": "software-saas", "page": "2"}
    with django_assert_max_num_queries(SEARCH_QUERY_BUDGET):
        response = client.get("/search/", params)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "x" * 10_000},
        {"q": "?!*&^%$#@"},
        {"q": "report", "page": "-3"},
        {"q": "report", "page": "99999999999999"},
        {"q": "report", "page": "two"},
        {"q": "report", "sort": "upside-down"},
        {"q": "report", "industry": "<script>alert(1)</script>"},
        {"q": "report", "tag": ["a", "b", "c", "d", "e", "f", "g"]},
        {"q": "report", "date": "century", "solved": "maybe", "type": "spaceship"},
        {"q": "report", "status": ["maybe", "solved"], "solved": "unsolved"},
        {"q": "report", "region": "EMEA", "audience": "B2B"},
        {"q": "report\x00"},
    ],
)
def test_bad_input_gets_a_clear_page_never_an_error(client, answered, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert b"Search the community" in response.content


def test_unknown_filters_are_explained(client, answered):
    response = client.get("/search/", {"q": "report", "industry": "zeppelins"})
    assert "ignored “zeppelins”" in response.content.decode()


def test_the_page_says_when_results_may_be_incomplete(client, answered, monkeypatch):
    class DownEngine:
        def search(self, *args, **kwargs):
            raise SearchUnavailable("timeout")

    monkeypatch.setattr(services, "query_backend", lambda: DownEngine())
    response = client.get("/search/", {"q": "export"})
    assert response.status_code == 200
    assert "results may be incomplete" in page_text(response)
    assert "Exporting campaign reports to CSV" in page_text(response)


def test_suggestions_as_you_type(client, answered, django_assert_max_num_queries):
    with django_assert_max_num_queries(SUGGEST_QUERY_BUDGET):
        response = client.get("/search/suggest/", {"q": "exporting camp"})
    assert response.json()["titles"] == [
        {
            "label": "Exporting campaign reports to CSV",
            "url": answered[0].get_absolute_url(),
            "type": "Topic",
            "context": "Campaigns & email",
        }
    ]
    tags = client.get("/search/suggest/", {"q": "rep"}).json()["tags"]
    assert tags == [
        {"label": "reporting", "url": "/search/?tag=reporting", "count": 2, "more": False}
    ]


def test_similar_solved_questions_for_a_title_being_typed(
    client, answered, django_assert_max_num_queries
):
    with django_assert_max_num_queries(SUGGEST_QUERY_BUDGET):
        response = client.get(
            "/search/similar/",
            {"q": "How to export a report as CSV", "type": "topic", "solved": "solved"},
        )
    results = response.json()["results"]
    assert [result["title"] for result in results] == ["Exporting campaign reports to CSV"]
    assert results[0]["status"] == "solved"
    assert "\ue000" not in results[0]["excerpt"]


def test_the_status_facet_filters_with_its_own_name_and_the_older_one(client, answered):
    for params in ({"status": "solved"}, {"solved": "solved"}):
        response = client.get("/search/", {"q": "report", **params})
        html = response.content.decode()
        assert "Status: Solved" in page_text(response)
        assert "Exporting campaign reports to CSV" in page_text(response)
        # The chip that removes the filter removes it whichever name the link used.
        assert re.search(r'<a class="[^"]*search-chip[^"]*" href="\?q=report">', html)
        assert 'name="status" value="solved"' in html


@pytest.mark.parametrize("path", ["/search/", "/search/suggest/", "/search/similar/"])
def test_search_pages_only_answer_get(client, path):
    assert client.post(path).status_code == 405


def test_every_page_has_the_search_box(client, forums):
    response = client.get(reverse("search:results"))
    assert b'action="/search/"' in response.content


def test_browsing_everything_says_there_are_more_than_it_counted(
    client, answered, category, reindex, monkeypatch
):
    from community.search.backends import database

    for number in range(4):
        TopicFactory(category=category, title=f"Report idea {number}", body="More reports.")
    reindex()
    monkeypatch.setattr(database, "CANDIDATES", 3)
    response = client.get("/search/", {"type": "topic"})
    assert "3+ posts" in page_text(response)
    searched = page_text(client.get("/search/", {"q": "report"}))
    assert "+ results" not in searched and "results for" in searched


def test_tag_suggestions_say_when_counting_stopped(client, answered, monkeypatch):
    from community.search.backends import database

    monkeypatch.setattr(database, "TAG_SUGGESTION_COUNT_CAP", 2)
    response = client.get("/search/suggest/", {"q": "rep"})

    assert response.status_code == 200
    assert response.json()["tags"] == [
        {"label": "reporting", "url": "/search/?tag=reporting", "count": 2, "more": True}
    ]
