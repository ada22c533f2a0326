"""Whatever lands in a forum URL or query string, the answer is a page, a 404 or a 405, never a 500."""

import base64
import json

import pytest
from django.urls import reverse

from tests.factories.forums import ReplyFactory, TopicFactory

pytestmark = pytest.mark.django_db


def cursor(value) -> str:
    """A cursor-shaped string: URL-safe base64 of some JSON, as the listing writes them."""
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.fixture
def client(client):
    # A crash must show up as a 500 response here, not as an exception in the test.
    client.raise_request_exception = False
    return client


@pytest.fixture
def listing(category):
    return [TopicFactory(category=category) for _ in range(3)]


# --- Unknown things ----------------------------------------------------------------------


def test_unknown_category_is_not_found(client, customer, category):
    client.force_login(customer)

    assert client.get("/forums/no-such-category/").status_code == 404
    assert client.get("/forums/no-such-category/new/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/forums/campaigns-email/t/987654-some-title/",
        "/forums/campaigns-email/t/987654/",
        "/forums/r/987654/",
        "/forums/tags/no-such-tag/",
    ],
)
def test_unknown_topic_reply_or_tag_is_not_found(client, category, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "post_reply",
        "edit_topic",
        "topic_kudos",
        "follow_topic",
        "clear_solution",
    ],
)
def test_actions_on_an_unknown_topic_are_not_found(client, customer, name):
    client.force_login(customer)

    assert client.post(reverse(f"forums:{name}", kwargs={"pk": 987654})).status_code == 404


@pytest.mark.parametrize("name", ["edit_reply", "delete_reply", "reply_kudos", "accept_solution"])
def test_actions_on_an_unknown_reply_are_not_found(client, customer, name):
    client.force_login(customer)

    assert client.post(reverse(f"forums:{name}", kwargs={"pk": 987654})).status_code == 404


def test_following_an_unknown_category_is_not_found(client, customer):
    client.force_login(customer)

    response = client.post(reverse("forums:follow_category", kwargs={"pk": 987654}))

    assert response.status_code == 404


# --- Page numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page", ["abc", "0", "-1", "1.5", "", "99999999999999999999999999", "%00", "1e3"]
)
def test_odd_page_numbers_show_a_page_of_the_topic(client, question, page):
    ReplyFactory(topic=question)

    response = client.get(question.get_absolute_url(), {"page": page})

    assert response.status_code == 200
    assert response.context["thread"].page == 1


@pytest.mark.parametrize("page", ["²", "1²"])
def test_superscript_digits_in_the_page_number_show_a_page(client, question, page):
    response = client.get(question.get_absolute_url(), {"page": page})

    assert response.status_code == 200


def test_a_page_past_the_end_shows_the_last_page(client, question):
    ReplyFactory(topic=question)

    response = client.get(question.get_absolute_url(), {"page": "40"})

    assert response.status_code == 200
    assert response.context["thread"].page == 1
    assert [reply.number for reply in response.context["replies"]] == [1]


# --- Listing parameters ------------------------------------------------------------------

MALFORMED_CURSORS = {
    "garbage": "garbage",
    "not-base64": "%%%***",
    "strings": cursor(["x", "y"]),
    "numbers-for-a-date": cursor([1, 2]),
    "too-many-values": cursor(["2024-01-01T00:00:00+00:00", 1, 2]),
    "an-object": cursor({"a": 1, "b": 2}),
    "a-string": cursor("ab"),
    "null-id": cursor(["2024-01-01T00:00:00+00:00", None]),
    "boolean-id": cursor(["2024-01-01T00:00:00+00:00", True]),
    "not-utf8": base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode(),
    "too-long": "A" * 500,
    "empty": "",
}


@pytest.mark.parametrize("direction", ["after", "before"])
@pytest.mark.parametrize("value", MALFORMED_CURSORS.values(), ids=MALFORMED_CURSORS)
def test_malformed_cursors_show_the_first_page(client, category, listing, direction, value):
    first_page = client.get(category.url).context["topic_page"].topics

    response = client.get(category.url, {direction: value})

    assert response.status_code == 200
    assert response.context["topic_page"].topics == first_page


def test_a_cursor_with_an_impossible_date_shows_the_first_page(client, category, listing):
    response = client.get(category.url, {"after": cursor(["2024-13-45T00:00:00", 1])})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "kudos", "after": cursor([10**30, 1])},
        {"after": cursor(["2024-01-01T00:00:00+00:00", 10**30])},
        {"sort": "kudos", "after": cursor([1.5, 1])},
        {"sort": "kudos", "after": cursor(["2024-01-01T00:00:00+00:00", 1])},
        {"sort": "newest", "before": cursor([3, 1])},
    ],
    ids=["huge-kudos", "huge-id", "float-kudos", "date-for-kudos", "number-for-newest"],
)
def test_out_of_range_cursors_never_fail(client, category, listing, query):
    response = client.get(category.url, query)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "hottest"},
        {"segment": "galaxy"},
        {"state": "maybe"},
        {"tag": "not a slug!"},
        {"segment": "industry", "state": "x" * 300},
    ],
    ids=["sort", "segment", "state", "tag", "long"],
)
def test_unknown_listing_options_show_the_default_listing(client, category, listing, query):
    default = client.get(category.url).context["topic_page"].topics

    response = client.get(category.url, query)

    assert response.status_code == 200
    assert response.context["topic_page"].topics == default


def test_unknown_listing_options_on_the_forums_page_show_the_default_listing(
    client, category, listing
):
    response = client.get("/forums/", {"sort": "hottest", "segment": "galaxy", "after": "x"})

    assert response.status_code == 200
    assert response.context["filters"].sort == "activity"


# --- Methods -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["post_reply", "topic_kudos", "follow_topic", "clear_solution"],
)
def test_topic_actions_refuse_get(client, customer, question, name):
    client.force_login(customer)

    response = client.get(reverse(f"forums:{name}", kwargs={"pk": question.pk}))

    assert response.status_code == 405


@pytest.mark.parametrize("name", ["reply_kudos", "accept_solution", "delete_reply"])
def test_reply_actions_refuse_get(client, customer, question, name):
    reply = ReplyFactory(topic=question)
    client.force_login(customer)

    response = client.get(reverse(f"forums:{name}", kwargs={"pk": reply.pk}))

    assert response.status_code == 405


def test_category_follow_refuses_get(client, customer, category):
    client.force_login(customer)

    response = client.get(reverse("forums:follow_category", kwargs={"pk": category.pk}))

    assert response.status_code == 405


@pytest.mark.parametrize("name", ["suggest_members", "suggest_tags"])
def test_suggestions_refuse_post(client, name):
    assert client.post(reverse(f"forums:{name}"), {"q": "an"}).status_code == 405


def test_reply_permalink_refuses_post(client, question):
    reply = ReplyFactory(topic=question)

    assert client.post(reverse("forums:reply", kwargs={"pk": reply.pk})).status_code == 405
