"""The Follow button says the state it is in and what a click will do, with or without script."""

from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from forums.models import CategoryFollow, TopicFollow
from tests.factories import CustomerFactory
from tests.factories.forums import ReplyFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def follow_button(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    button = soup.select_one("[data-follow-button]")
    assert button is not None, "no Follow button on the page"
    return {
        "text": button.select_one("[data-follow-text]").get_text(strip=True),
        "pressed": button["aria-pressed"],
        "label": button["aria-label"],
        "next": button.find_parent("form").select_one("input[name=follow]")["value"],
    }


FOLLOWING = {
    "text": "Following",
    "pressed": "true",
    "label": "Following — select to stop following this topic",
    "next": "off",
}
NOT_FOLLOWING = {"text": "Follow", "pressed": "false", "label": "Follow this topic", "next": "on"}


@pytest.mark.parametrize(
    ("replied", "expected"),
    [(True, FOLLOWING), (False, NOT_FOLLOWING)],
    ids=["replied: following", "did not reply: follow"],
)
def test_a_member_who_replied_follows_the_topic_and_others_are_offered_to(
    client, question, replied, expected
):
    member = CustomerFactory()
    if replied:
        ReplyFactory(topic=question, author=member)
    client.force_login(member)

    # With and without the page number: both addresses show the same topic page.
    query = {"page": "1"} if replied else {}
    button = follow_button(client.get(question.get_absolute_url(), query))

    assert button == expected


def test_follow_without_script_comes_back_showing_the_new_state_and_a_message(client, question):
    member = CustomerFactory()
    client.force_login(member)
    url = reverse("forums:follow_topic", kwargs={"pk": question.pk})

    response = client.post(url, {"follow": "on"}, follow=True)

    assert follow_button(response)["text"] == "Following"
    assert "Following: you'll hear about new replies" in unescape(response.content.decode())

    response = client.post(url, {"follow": "off"}, follow=True)

    assert follow_button(response)["text"] == "Follow"
    assert "You stopped following this topic." in unescape(response.content.decode())


def test_follow_by_fetch_answers_the_new_state(client, question):
    member = CustomerFactory()
    client.force_login(member)
    url = reverse("forums:follow_topic", kwargs={"pk": question.pk})

    followed = client.post(url, {"follow": "on"}, **JSON)
    assert followed.status_code == 200
    assert followed.json()["following"] is True
    assert TopicFollow.objects.filter(member=member, topic=question).exists()

    unfollowed = client.post(url, {"follow": "off"}, **JSON)
    assert unfollowed.json()["following"] is False
    assert not TopicFollow.objects.filter(member=member, topic=question).exists()


def test_signed_out_fetch_to_follow_is_told_to_sign_in(client, question):
    response = client.post(
        reverse("forums:follow_topic", kwargs={"pk": question.pk}), {"follow": "on"}, **JSON
    )

    assert response.status_code == 401
    assert response.json()["error"] == "Sign in to follow."


def test_suspended_member_fetching_follow_gets_the_reason(client, question, suspended_member):
    client.force_login(suspended_member)

    response = client.post(
        reverse("forums:follow_topic", kwargs={"pk": question.pk}), {"follow": "on"}, **JSON
    )

    assert response.status_code == 403
    assert "suspended" in response.json()["error"]


def test_category_page_shows_following_to_a_follower(client, category):
    member = CustomerFactory()
    CategoryFollow.objects.create(member=member, category=category)
    client.force_login(member)

    button = follow_button(client.get(category.url))

    assert button["text"] == "Following"
    assert button["label"] == "Following — select to stop following Campaigns & email"
    assert button["next"] == "off"


def test_category_follow_by_fetch_answers_the_new_state(client, category):
    member = CustomerFactory()
    client.force_login(member)
    url = reverse("forums:follow_category", kwargs={"pk": category.pk})

    assert client.post(url, {"follow": "on"}, **JSON).json()["following"] is True
    assert follow_button(client.get(category.url))["text"] == "Following"
    assert client.post(url, {"follow": "off"}, **JSON).json()["following"] is False
    assert follow_button(client.get(category.url))["text"] == "Follow"
