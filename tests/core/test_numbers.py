"""Numbers in query strings are ASCII digits: "²", "٣" or "１２" are not a page, never a 500."""

import pytest
from django.urls import reverse

from community.core.numbers import parse_page_number, parse_positive_int
from tests.factories.forums import ReplyFactory, TopicFactory

# Each passes str.isdigit() or str.isdecimal(), and int() either raises or reads a number no one
# typed in ASCII.
NOT_ASCII_DIGITS = ["²", "⁰⁴⁵", "₀₁₂", "٣", "۴", "१२", "１２", "𝟗", "③", "2²"]
NOT_NUMBERS = [
    "",
    " ",
    " 42 ",
    "-1",
    "+3",
    "1.5",
    "1e3",
    "0x10",
    "3 4",
    "\x00",
    "1\x00",
    "%00",
    "٣٠",
]


@pytest.mark.parametrize("text", NOT_ASCII_DIGITS + NOT_NUMBERS)
def test_only_ascii_digits_spell_a_number(text):
    assert parse_positive_int(text) is None
    assert parse_positive_int(text, default=7) == 7


@pytest.mark.parametrize(("text", "number"), [("0", 0), ("7", 7), ("42", 42), ("007", 7)])
def test_ascii_digits_are_read_as_typed(text, number):
    assert parse_positive_int(text) == number


def test_numbers_above_the_maximum_are_clamped_and_huge_ones_refused():
    assert parse_positive_int("500", maximum=50) == 50
    assert parse_positive_int("9" * 19) is None
    assert parse_positive_int(None, default=1) == 1


def test_page_zero_is_not_a_page():
    assert parse_page_number("0") is None
    assert parse_page_number("3") == 3


@pytest.fixture
def client(client):
    # A crash must show up as a 500 response here, not as an exception in the test.
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("page", NOT_ASCII_DIGITS)
def test_search_with_a_non_ascii_page_number_shows_the_first_page(client, page):
    response = client.get("/search/", {"q": "report", "page": page})

    assert response.status_code == 200
    assert response.context["search"].page == 1
    assert "That page number made no sense" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", NOT_ASCII_DIGITS)
def test_similar_questions_with_a_non_ascii_page_number_answer(client, page):
    response = client.get(reverse("search:similar"), {"q": "webinar leads", "page": page})

    assert response.status_code == 200
    assert "results" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("after", ["²", "٣", "１２", "-1", "", "9" * 30])
def test_live_replies_after_a_non_ascii_number_is_a_bad_request(client, category, after):
    topic = TopicFactory(category=category)
    ReplyFactory(topic=topic)

    response = client.get(
        reverse("forums:replies_after", kwargs={"pk": topic.pk}), {"after": after}
    )

    assert response.status_code == 400


@pytest.mark.django_db
def test_live_replies_after_a_number_past_the_last_reply_are_empty(client, category):
    topic = TopicFactory(category=category)
    ReplyFactory(topic=topic)

    response = client.get(
        reverse("forums:replies_after", kwargs={"pk": topic.pk}), {"after": "999999"}
    )

    assert response.status_code == 200
    assert "reply-1" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["٣", "１２", "²", "-1"])
def test_topic_page_with_a_non_ascii_page_number_shows_the_first_page(client, category, page):
    topic = TopicFactory(category=category)

    response = client.get(topic.get_absolute_url(), {"page": page})

    assert response.status_code == 200
    assert response.context["thread"].page == 1
