"""What only the database backend does: words too common to match everywhere, tag suggestions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from community.search import services
from community.search.backends import database
from community.search.query import SearchRequest
from tests.factories import CustomerFactory, PartnerFactory
from tests.factories.forums import TopicFactory

ANONYMOUS = AnonymousUser()


def search(text: str, viewer=ANONYMOUS, **fields):
    catalog = services.facet_catalog()
    return services.search(SearchRequest(text=text, **fields), viewer=viewer, catalog=catalog)


@pytest.fixture
def few_candidates(monkeypatch):
    """The threshold for "too common", brought down to a test's scale."""
    monkeypatch.setattr(database, "CANDIDATES", 3)


@pytest.fixture
def webinar_posts(category, reindex):
    for number in range(4):
        TopicFactory(
            category=category,
            author=CustomerFactory(),
            title=f"Weekly numbers {number}",
            body=f"We ran a webinar for the {number} crew.",
        )
    TopicFactory(category=category, author=CustomerFactory(), title="Webinar follow-up cadence")
    TopicFactory(
        category=category, author=CustomerFactory(), title="Sync schedule", tags=["webinars"]
    )
    reindex()


def test_a_word_in_many_posts_matches_titles_and_tags_and_says_so(webinar_posts, few_candidates):
    request = SearchRequest(text="webinar")
    results = services.search(request, viewer=ANONYMOUS, catalog=services.facet_catalog())

    assert {hit.heading for hit in results.hits} == {"Webinar follow-up cadence", "Sync schedule"}
    assert results.total == 2
    assert any("title or tags" in note and "another word" in note for note in request.notes)


def test_another_word_searches_every_post_again(webinar_posts, few_candidates):
    results = search("webinar crew")

    assert results.total == 4
    assert all(hit.heading.startswith("Weekly numbers") for hit in results.hits)


def test_a_common_word_in_no_title_still_finds_the_posts(category, reindex, few_candidates):
    for number in range(4):
        TopicFactory(
            category=category, author=CustomerFactory(), title=f"Q{number}", body="Throttling."
        )
    reindex()

    assert search("throttling").total == 4


def test_few_matches_search_every_post(webinar_posts):
    request = SearchRequest(text="webinar")
    results = services.search(request, viewer=ANONYMOUS, catalog=services.facet_catalog())

    assert results.total == 6
    assert not request.notes


def test_tag_suggestions_count_only_posts_the_viewer_may_see(category, partner_lounge, reindex):
    TopicFactory(category=category, author=CustomerFactory(), title="Open", tags=["webinars"])
    for number in range(2):
        TopicFactory(
            category=partner_lounge,
            author=PartnerFactory(),
            title=f"Closed {number}",
            tags=["webinars"],
        )
    TopicFactory(
        category=partner_lounge, author=PartnerFactory(), title="Partners", tags=["web-forms"]
    )
    reindex()

    anonymous = services.suggest("web", viewer=ANONYMOUS)["tags"]
    partner = services.suggest("web", viewer=PartnerFactory())["tags"]

    assert [(tag.label.lower(), tag.detail) for tag in anonymous] == [("webinars", "1")]
    assert ("webinars", "3") in [(tag.label.lower(), tag.detail) for tag in partner]


def test_tag_suggestion_counts_stop_at_the_cap(category, reindex, monkeypatch):
    monkeypatch.setattr(database, "TAG_SUGGESTION_COUNT_CAP", 2)
    for number in range(3):
        TopicFactory(
            category=category, author=CustomerFactory(), title=f"T{number}", tags=["webinars"]
        )
    reindex()

    [tag] = services.suggest("webi", viewer=ANONYMOUS)["tags"]
    assert tag.detail == "2+"
