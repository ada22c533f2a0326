"""Following topics and categories, and who hears about what (once, and never about themselves)."""

import pytest
from django.urls import reverse

from community.notifications.models import Notification
from forums import services
from forums.models import CategoryFollow, TopicFollow, TopicUnfollow
from tests.factories import CustomerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory, TopicFactory

pytestmark = pytest.mark.django_db


def follows(member, topic) -> bool:
    return TopicFollow.objects.filter(member=member, topic=topic).exists()


def kinds_for(member) -> list[str]:
    return sorted(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


@pytest.fixture
def follower(question):
    member = PartnerFactory()
    services.follow_topic(member=member, topic=question)
    return member


# --- Following ---------------------------------------------------------------------------


def test_author_follows_their_topic(question):
    assert follows(question.author, question)


def test_repliers_follow_the_topic(question, customer):
    ReplyFactory(topic=question, author=customer)

    assert follows(customer, question)


def test_follow_button_follows_and_unfollows(client, customer, question):
    client.force_login(customer)
    url = reverse("forums:follow_topic", kwargs={"pk": question.pk})

    client.post(url, {"follow": "on"})
    assert follows(customer, question)

    response = client.post(url, {"follow": "off"})
    assert not follows(customer, question)
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()


def test_topic_page_tells_whether_you_follow(client, customer, question):
    client.force_login(customer)
    before = client.get(question.get_absolute_url()).context["thread"].is_following
    services.follow_topic(member=customer, topic=question)
    after = client.get(question.get_absolute_url()).context["thread"].is_following

    assert (before, after) == (False, True)


def test_category_follow_button_follows_and_unfollows(client, customer, category):
    client.force_login(customer)
    url = reverse("forums:follow_category", kwargs={"pk": category.pk})

    client.post(url)
    assert CategoryFollow.objects.filter(member=customer, category=category).exists()
    assert client.get(category.url).context["is_following"] is True

    client.post(url, {"follow": "off"})
    assert not CategoryFollow.objects.filter(member=customer, category=category).exists()


def test_following_twice_is_one_follow(customer, question):
    services.follow_topic(member=customer, topic=question)
    services.follow_topic(member=customer, topic=question)

    assert TopicFollow.objects.filter(member=customer, topic=question).count() == 1


# --- Replies -----------------------------------------------------------------------------


def test_asker_hears_of_a_reply_to_their_topic(question):
    reply = ReplyFactory(topic=question)

    told = Notification.objects.get(recipient=question.author)
    assert told.kind == "reply_to_your_topic"
    assert told.actor == reply.author
    assert told.url == reply.get_absolute_url()


def test_followers_hear_of_replies_in_the_topic(question, follower):
    ReplyFactory(topic=question)

    assert kinds_for(follower) == ["reply_in_followed_topic"]


def test_each_recipient_hears_once_per_reply(question, follower):
    earlier_replier = CustomerFactory()
    ReplyFactory(topic=question, author=earlier_replier)
    Notification.objects.all().delete()

    replier = CustomerFactory()
    ReplyFactory(topic=question, author=replier)

    recipients = list(Notification.objects.values_list("recipient_id", flat=True))
    assert sorted(recipients) == sorted({question.author_id, follower.pk, earlier_replier.pk})
    assert kinds_for(question.author) == ["reply_to_your_topic"]
    assert kinds_for(follower) == ["reply_in_followed_topic"]


def test_nobody_is_told_about_their_own_reply(question, follower):
    ReplyFactory(topic=question, author=question.author)
    ReplyFactory(topic=question, author=follower)

    assert not Notification.objects.filter(recipient=question.author, actor=question.author)
    assert not Notification.objects.filter(recipient=follower, actor=follower)
    assert kinds_for(follower) == ["reply_in_followed_topic"]
    assert kinds_for(question.author) == ["reply_to_your_topic"]


def test_unfollowing_stops_reply_notifications(question, follower):
    services.unfollow_topic(member=follower, topic=question)

    ReplyFactory(topic=question)

    assert kinds_for(follower) == []


def test_replying_after_unfollowing_does_not_follow_again(question, follower):
    services.unfollow_topic(member=follower, topic=question)

    ReplyFactory(topic=question, author=follower, body="One last thought before I go.")
    ReplyFactory(topic=question)

    assert not follows(follower, question)
    assert kinds_for(follower) == []


def test_following_again_after_unfollowing_brings_notifications_back(question, follower):
    services.unfollow_topic(member=follower, topic=question)
    services.follow_topic(member=follower, topic=question)

    ReplyFactory(topic=question)

    assert not TopicUnfollow.objects.filter(member=follower, topic=question).exists()
    assert kinds_for(follower) == ["reply_in_followed_topic"]


def test_asker_who_unfollows_their_topic_hears_of_no_more_replies(question):
    services.unfollow_topic(member=question.author, topic=question)

    ReplyFactory(topic=question)

    assert kinds_for(question.author) == []


# --- New topics in followed categories ---------------------------------------------------


def test_category_followers_hear_of_new_topics(category):
    followers = [CustomerFactory(), PartnerFactory()]
    for member in followers:
        services.follow_category(member=member, category=category)

    topic = TopicFactory(category=category)

    for member in followers:
        told = Notification.objects.get(recipient=member)
        assert told.kind == "topic_in_followed_category"
        assert told.url == topic.get_absolute_url()


def test_category_follower_starting_a_topic_is_not_told_about_it(category, customer):
    services.follow_category(member=customer, category=category)

    TopicFactory(category=category, author=customer)

    assert not Notification.objects.exists()


def test_unfollowed_category_stays_quiet(category, customer):
    services.follow_category(member=customer, category=category)
    services.unfollow_category(member=customer, category=category)

    TopicFactory(category=category)

    assert not Notification.objects.exists()


def test_mentioned_category_follower_hears_once(category):
    member = CustomerFactory(username="lee-park")
    services.follow_category(member=member, category=category)

    TopicFactory(category=category, body="@lee-park, you asked about this last week.")

    assert kinds_for(member) == ["mention"]


def test_suspended_member_cannot_follow(client, suspended_member, question):
    client.force_login(suspended_member)

    client.post(reverse("forums:follow_topic", kwargs={"pk": question.pk}))

    assert not follows(suspended_member, question)
