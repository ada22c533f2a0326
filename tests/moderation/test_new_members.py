"""A new member's first posts wait for a community manager, and may carry only a few links."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from community.moderation import services as moderation
from community.notifications.models import Notification
from forums import services as forums
from forums.models import Reply, Topic, Visibility
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.forums.addresses import new_topic_url, reply_url

from .support import topic_form

pytestmark = pytest.mark.django_db

TITLE = "Hello from a new marketing ops lead"
BODY = "Happy to be here. We run campaigns in three regions and I'd love to compare notes."
REPLY = "We score webinar attendance with a smart list per session; works well for us."


@pytest.fixture(autouse=True)
def _two_posts_wait_two_links_allowed(settings):
    settings.MODERATION_HOLD_FIRST_POSTS = 2
    settings.MODERATION_NEW_MEMBER_MAX_LINKS = 2


def post_topic(client, member, category, *, title=TITLE, body=BODY, **kwargs):
    client.force_login(member)
    return client.post(new_topic_url(category), topic_form(title=title, body=body), **kwargs)


def post_reply(client, member, topic, body=REPLY, **kwargs):
    client.force_login(member)
    return client.post(reply_url(topic), {"body": body}, **kwargs)


def links(count: int) -> str:
    return "\n".join(f"- [Guide {n}](https://docs.example.com/guide-{n})" for n in range(count))


# --- Held posts -------------------------------------------------------------------------


def test_a_newcomers_topic_is_held_and_they_see_it_awaiting_approval(client, newcomer, category):
    response = post_topic(client, newcomer, category, follow=True)

    topic = Topic.objects.get(title=TITLE)
    assert topic.visibility == Visibility.HELD
    assert response.redirect_chain[-1][0] == topic.get_absolute_url()
    assertContains(response, TITLE)
    assertContains(response, "Awaiting approval")
    assertContains(response, "only you and the community managers can see it for now")
    assertContains(response, "A community manager will review your post")


def test_nobody_else_sees_a_held_topic(client, newcomer, category):
    post_topic(client, newcomer, category)
    topic = Topic.objects.get(title=TITLE)

    client.force_login(CustomerFactory())
    assert client.get(topic.get_absolute_url()).status_code == 404
    assertNotContains(client.get(category.url), TITLE)
    assertNotContains(client.get("/forums/"), TITLE)
    client.logout()
    assert client.get(topic.get_absolute_url()).status_code == 404
    assertNotContains(client.get(category.url), TITLE)


def test_community_managers_see_a_held_topic_with_its_state(client, newcomer, category):
    post_topic(client, newcomer, category)
    topic = Topic.objects.get(title=TITLE)
    client.force_login(CommunityManagerFactory())

    response = client.get(topic.get_absolute_url())

    assertContains(response, TITLE)
    assertContains(response, "Awaiting approval")


def test_a_held_topic_tells_no_follower_or_mentioned_member(client, newcomer, category):
    follower, mentioned = CustomerFactory(), CustomerFactory()
    forums.follow_category(member=follower, category=category)

    post_topic(client, newcomer, category, body=f"{BODY}\n\n@{mentioned.username}, thoughts?")

    assert Topic.objects.get(title=TITLE).visibility == Visibility.HELD
    assert not Notification.objects.filter(recipient__in=[follower, mentioned]).exists()


def test_a_newcomers_reply_is_held_and_shown_only_to_them(client, newcomer, question):
    response = post_reply(client, newcomer, question, follow=True)

    assert Reply.objects.get(body_source=REPLY).visibility == Visibility.HELD
    assertContains(response, REPLY)
    assertContains(response, "Awaiting approval")
    client.force_login(question.author)
    assertNotContains(client.get(question.get_absolute_url()), REPLY)
    client.logout()
    assertNotContains(client.get(question.get_absolute_url()), REPLY)


def test_a_held_reply_tells_neither_the_asker_nor_a_mentioned_member(
    client, newcomer, question, asker
):
    mentioned = CustomerFactory()

    post_reply(client, newcomer, question, body=f"{REPLY} @{mentioned.username} agrees.")

    assert not Notification.objects.filter(recipient__in=[asker, mentioned]).exists()
    question.refresh_from_db()
    assert question.reply_count == 0


def test_an_established_members_posts_are_published_at_once(client, customer, question):
    post_topic(client, customer, question.category)
    post_reply(client, customer, question)

    assert Topic.objects.get(title=TITLE).visibility == Visibility.PUBLISHED
    assert Reply.objects.get(body_source=REPLY).visibility == Visibility.PUBLISHED


def test_once_enough_posts_are_approved_the_next_one_is_published_at_once(
    client, newcomer, question
):
    manager = CommunityManagerFactory()
    post_reply(client, newcomer, question, body="First: we use a lead score of 15 for attendance.")
    moderation.approve(item=Reply.objects.get(author=newcomer), moderator=manager)

    post_reply(client, newcomer, question, body="Second: and +5 for registering without going.")
    second = Reply.objects.get(author=newcomer, number=2)
    assert second.visibility == Visibility.HELD
    moderation.approve(item=second, moderator=manager)

    post_reply(client, newcomer, question, body="Third: we decay the score after 90 days.")
    third = Reply.objects.get(author=newcomer, number=3)
    assert third.visibility == Visibility.PUBLISHED
    client.force_login(question.author)
    assertContains(client.get(question.get_absolute_url()), "we decay the score after 90 days")


def test_how_many_posts_wait_is_a_setting(client, settings, newcomer, category):
    settings.MODERATION_HOLD_FIRST_POSTS = 0

    post_topic(client, newcomer, category)

    assert Topic.objects.get(title=TITLE).visibility == Visibility.PUBLISHED


def test_a_rejected_post_does_not_count_towards_approval(client, newcomer, question):
    manager = CommunityManagerFactory()
    post_reply(client, newcomer, question, body="Buy my scoring template.")
    moderation.reject(
        item=Reply.objects.get(author=newcomer), moderator=manager, reason="Promotion."
    )

    post_reply(client, newcomer, question)

    assert Reply.objects.get(body_source=REPLY).visibility == Visibility.HELD


# --- Links ------------------------------------------------------------------------------


def test_a_newcomers_topic_with_too_many_links_is_refused_and_kept_in_the_form(
    client, newcomer, category
):
    body = f"My favourite resources:\n\n{links(3)}"

    response = post_topic(client, newcomer, category, body=body)

    assertContains(
        response,
        "New members can include at most 2 links in a post; this one has 3.",
        status_code=422,
    )
    assertContains(response, "https://docs.example.com/guide-2", status_code=422)
    assertContains(response, TITLE, status_code=422)
    assert not Topic.objects.filter(title=TITLE).exists()


def test_a_newcomers_reply_with_too_many_links_is_refused_and_kept_in_the_form(
    client, newcomer, question
):
    body = f"These helped me:\n\n{links(3)}"

    response = post_reply(client, newcomer, question, body=body)

    assertContains(response, "this one has 3", status_code=422)
    assertContains(response, "https://docs.example.com/guide-2", status_code=422)
    assert not Reply.objects.exists()


def test_a_newcomer_may_post_as_many_links_as_allowed(client, newcomer, category):
    response = post_topic(client, newcomer, category, body=f"Two guides:\n\n{links(2)}")

    assert response.status_code == 302
    assert Topic.objects.get(title=TITLE).visibility == Visibility.HELD


def test_a_link_counts_once_however_it_is_written(client, newcomer, category):
    body = "Compare https://www.example.com/pricing with https://www.example.org/plans please."

    response = post_topic(client, newcomer, category, body=body)

    assert response.status_code == 302
    assert Topic.objects.filter(title=TITLE).exists()


def test_an_established_member_may_post_more_links(client, customer, category):
    response = post_topic(client, customer, category, body=f"Reading list:\n\n{links(6)}")

    assert response.status_code == 302
    assert Topic.objects.get(title=TITLE).visibility == Visibility.PUBLISHED


def test_how_many_links_a_newcomer_may_post_is_a_setting(client, settings, newcomer, category):
    settings.MODERATION_NEW_MEMBER_MAX_LINKS = 0

    response = post_topic(client, newcomer, category, body=f"One guide:\n\n{links(1)}")

    assertContains(response, "New members can include at most 0 links", status_code=422)
    assert not Topic.objects.exists()


def test_a_newcomer_cannot_add_too_many_links_by_editing(client, newcomer, category):
    post_topic(client, newcomer, category)
    topic = Topic.objects.get(title=TITLE)

    response = client.post(
        reverse("forums:edit_topic", kwargs={"pk": topic.pk}),
        {"title": TITLE, "body": f"{BODY}\n\n{links(3)}"},
    )

    assertContains(response, "this one has 3", status_code=422)
    topic.refresh_from_db()
    assert topic.body_source == BODY
