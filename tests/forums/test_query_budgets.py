"""Forum pages cost a fixed, small number of queries, whatever the page, its size or the data."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums import selectors, services
from tests.factories import CustomerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory, TopicFactory, seed_replies, seed_topics

pytestmark = pytest.mark.django_db

# The most queries each page may cost, for any viewer, page number, page size or amount of data.
# Of these, a Wagtail-served page (the forums index, a category) spends one on loading the page
# its remembered route leads to (6-7 on routing and the view-restriction check the first time
# its path is asked for), and every signed-in page 3 on the session, the member and their groups;
# a listing reads a signed-in member's read position in all its topics at once (one query); a
# topic page writes up to two rows (the view count and the member's read position) and reads
# the member's own state on it (read position, follow, kudos) and their reply draft (two
# queries, signed in only).
BUDGETS = {
    "category": 11,
    "category-first-view": 17,
    "forums": 12,
    "filtered": 12,
    "tag": 13,
    "topic": 12,
    "solved-topic": 12,
}
VIEWERS = ["anonymous", "signed-in"]


@pytest.fixture
def viewer(request, client):
    if request.param == "signed-in":
        member = CustomerFactory()
        client.force_login(member)
        return member
    return None


@pytest.fixture
def authors(db):
    return [CustomerFactory(), PartnerFactory(), CustomerFactory()]


@pytest.fixture
def busy_category(category, authors):
    """About 300 topics, some tagged, answered, pinned, with kudos: enough for a dozen pages."""
    topics = seed_topics(category=category, authors=authors, count=300)
    for topic in topics[:40]:
        topic.tags.add("webhooks", "api")
    answered = TopicFactory(category=category, author=authors[0], tags=["api"])
    ReplyFactory(topic=answered, author=authors[1])
    TopicFactory(category=category, author=authors[2], is_pinned=True)
    return category


@pytest.fixture
def long_topic(question, authors):
    """A question with about 100 replies: five pages."""
    seed_replies(topic=question, authors=authors, count=100)
    return question


def deep_cursor(category, viewer, pages: int = 10, **filters) -> str:
    """The cursor of the page after `pages` pages of the listing."""
    cursor = ""
    for _ in range(pages):
        cursor = selectors.topics_for_listing(
            viewer=viewer or AnonymousUser(),
            category=category,
            filters=selectors.ListingFilters(**filters),
            after=cursor,
        ).next_cursor
    assert cursor
    return cursor


def measure(client, url, *, routed: bool = False, **query) -> tuple[int, str]:
    """The number of queries one GET costs, and their SQL for the failure message.

    `routed`: `url` is a page of the tree that has been viewed before, so the page it leads to
    is remembered (community.core.page_routing), as it is for any page visited in production.
    """
    client.get("/forums/")  # per-process caches (the site's root paths) are warm in production
    if routed:
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200, response.status_code
    sql = "\n".join(
        f"{number}. {executed['sql'][:200]}"
        for number, executed in enumerate(captured.captured_queries, 1)
    )
    return len(
        captured.captured_queries
    ), f"GET {url} {query}: {len(captured.captured_queries)} queries\n{sql}"


def within_budget(client, page_name: str, url, *, routed: bool = False, **query) -> int:
    count, report = measure(client, url, routed=routed, **query)
    assert count <= BUDGETS[page_name], report
    return count


# --- Budgets -----------------------------------------------------------------------------


def cases(pages=("first", "deep")):
    """(viewer, page) parameters for one page."""
    return [
        pytest.param(viewer, page, id=f"{viewer}-{page}") for viewer in VIEWERS for page in pages
    ]


@pytest.mark.parametrize(("viewer", "page"), cases(), indirect=["viewer"])
def test_category_page_stays_within_budget(client, viewer, busy_category, page):
    query = {"after": deep_cursor(busy_category, viewer)} if page == "deep" else {}

    within_budget(client, "category", busy_category.url, routed=True, **query)


@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_category_page_first_view_stays_within_budget(client, viewer, busy_category):
    within_budget(client, "category-first-view", busy_category.url)


@pytest.mark.parametrize(("viewer", "page"), cases(), indirect=["viewer"])
def test_forums_page_stays_within_budget(client, viewer, busy_category, page):
    query = {"after": deep_cursor(None, viewer)} if page == "deep" else {}

    within_budget(client, "forums", "/forums/", **query)


@pytest.mark.parametrize(("viewer", "page"), cases(), indirect=["viewer"])
def test_filtered_listing_stays_within_budget(client, viewer, busy_category, page):
    query = {"sort": "kudos", "tag": "api", "state": "unsolved"}
    if page == "deep":
        query["after"] = deep_cursor(busy_category, viewer, pages=1, **query)

    within_budget(client, "filtered", busy_category.url, routed=True, **query)


@pytest.mark.parametrize(("viewer", "page"), cases(pages=["first"]), indirect=["viewer"])
def test_tag_page_stays_within_budget(client, viewer, busy_category, page):
    within_budget(client, "tag", "/forums/tags/api/")


@pytest.mark.parametrize(("viewer", "page"), cases(), indirect=["viewer"])
def test_topic_page_stays_within_budget(client, viewer, long_topic, page):
    within_budget(
        client, "topic", long_topic.get_absolute_url(), page="5" if page == "deep" else "1"
    )


@pytest.mark.parametrize(("viewer", "page"), cases(pages=["first"]), indirect=["viewer"])
def test_solved_topic_page_stays_within_budget(client, viewer, long_topic, page):
    answer = long_topic.replies.get(number=7)
    services.accept_solution(topic=long_topic, reply=answer, member=long_topic.author)

    within_budget(client, "solved-topic", long_topic.get_absolute_url(), page="3")


# --- The cost does not grow with the page or the data -------------------------------------


@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_deep_category_page_costs_no_more_than_the_first(client, viewer, busy_category):
    cursor = deep_cursor(busy_category, viewer)

    first, _ = measure(client, busy_category.url, routed=True)
    deep, report = measure(client, busy_category.url, routed=True, after=cursor)

    assert deep <= first, report


@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_deep_forums_page_costs_no_more_than_the_first(client, viewer, busy_category):
    cursor = deep_cursor(None, viewer)

    first, _ = measure(client, "/forums/")
    deep, report = measure(client, "/forums/", after=cursor)

    assert deep <= first, report


@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_category_page_costs_the_same_with_few_or_many_topics(client, viewer, category, authors):
    TopicFactory(category=category, author=authors[0], is_pinned=True, tags=["api"])
    seed_topics(category=category, authors=authors, count=2)
    few, _ = measure(client, category.url, routed=True)

    for topic in seed_topics(category=category, authors=authors, count=40):
        topic.tags.add("api", "webhooks")
        seed_replies(topic=topic, authors=authors[1:], count=1)
    many, report = measure(client, category.url, routed=True)

    assert many == few, report


@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_deep_topic_page_costs_the_same_as_the_first(client, viewer, category, authors):
    first_topic, deep_topic = (TopicFactory(category=category) for _ in range(2))
    for topic in (first_topic, deep_topic):
        seed_replies(topic=topic, authors=authors, count=100)

    first, _ = measure(client, first_topic.get_absolute_url(), page="1")
    deep, report = measure(client, deep_topic.get_absolute_url(), page="5")

    assert deep == first, report


@pytest.mark.parametrize("viewer", VIEWERS, indirect=True)
def test_topic_page_costs_the_same_with_few_or_many_replies(client, viewer, category, authors):
    quiet, busy = (TopicFactory(category=category, author=authors[0]) for _ in range(2))
    seed_replies(topic=quiet, authors=authors, count=1)
    seed_replies(topic=busy, authors=authors, count=30)

    few, _ = measure(client, quiet.get_absolute_url(), page="1")
    many, report = measure(client, busy.get_absolute_url(), page="1")

    assert many == few, report
