"""What members hear from the forums: grouped kudos, replies and mentions told once each,
notifications about posts moderators took down, and live pushes that wait for the commit."""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from django.urls import reverse
from django.utils import timezone

from community.moderation import services as moderation
from community.notifications import live, selectors
from community.notifications.kinds import Kind
from community.notifications.models import Notification
from forums import services
from forums.notification_kinds import ForumKind
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory, TopicFactory
from tests.factories.members import member_fixture
from tests.live_pushes import received

pytestmark = pytest.mark.django_db

QUESTION = "How do I score leads from webinar attendance?"
UNAVAILABLE = "This content is no longer available."
MARKER = {"type": "test.marker"}


ana = member_fixture(CustomerFactory, username="ana-souza", display_name="Ana Souza")


bob = member_fixture(CustomerFactory, username="bob-lee", display_name="Bob Lee")


carla = member_fixture(PartnerFactory, username="carla-mendes", display_name="Carla Mendes")


manager = member_fixture(CommunityManagerFactory, display_name="Grace Okafor")


@pytest.fixture
def answer(question, carla):
    return ReplyFactory(
        topic=question, author=carla, body="A smart list per webinar, then a scoring rule."
    )


def inbox(member) -> list[str]:
    return list(Notification.objects.filter(recipient=member).values_list("text", flat=True))


def kudos_told_to(member) -> list[str]:
    told = Notification.objects.filter(recipient=member, kind=Kind.KUDOS)
    return list(told.values_list("text", flat=True))


def kinds_for(member) -> list[str]:
    return sorted(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


def catch_up(client, member) -> list[dict]:
    """What the member's browser gets back when it reconnects: every notification, oldest first."""
    client.force_login(member)
    response = client.get(reverse("notifications:list"), {"since": 0})
    assert response.status_code == 200
    return response.json()["notifications"]


def open_tab(layer, group: str) -> str:
    """A live connection that joined `group`, as the notification consumer does."""
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(group, channel)
    return channel


def mark(layer, group: str) -> None:
    """Put a marker in the group: whatever was pushed before it arrives before it."""
    async_to_sync(layer.group_send)(group, MARKER)


# --- Kudos ------------------------------------------------------------------------------------


def test_kudos_from_two_members_read_as_one_notification(ana, bob, carla, answer):
    services.toggle_kudos(member=ana, reply=answer)
    assert inbox(carla) == [f"Ana Souza gave kudos to your post in “{QUESTION}”"]

    services.toggle_kudos(member=bob, reply=answer)

    assert inbox(carla) == [f"Bob Lee and 1 other gave kudos to your post in “{QUESTION}”"]
    [notification] = Notification.objects.filter(recipient=carla)
    assert notification.url == answer.get_absolute_url()
    assert notification.target == answer


def test_kudos_taken_back_and_given_again_tell_the_author_once(ana, carla, answer):
    services.toggle_kudos(member=ana, reply=answer)
    services.toggle_kudos(member=ana, reply=answer)

    services.toggle_kudos(member=ana, reply=answer)

    assert inbox(carla) == [f"Ana Souza gave kudos to your post in “{QUESTION}”"]


def test_kudos_after_the_author_read_the_earlier_ones_start_afresh(ana, bob, carla, answer):
    services.toggle_kudos(member=ana, reply=answer)
    Notification.objects.filter(recipient=carla).update(read_at=timezone.now())

    services.toggle_kudos(member=bob, reply=answer)

    assert inbox(carla) == [
        f"Bob Lee gave kudos to your post in “{QUESTION}”",
        f"Ana Souza gave kudos to your post in “{QUESTION}”",
    ]


def test_kudos_on_a_question_and_on_its_answer_are_told_apart(ana, bob, asker, answer, question):
    services.toggle_kudos(member=ana, topic=question)
    services.toggle_kudos(member=bob, topic=question)
    services.toggle_kudos(member=ana, reply=answer)

    assert kudos_told_to(asker) == [f"Bob Lee and 1 other gave kudos to your post in “{QUESTION}”"]
    assert kudos_told_to(answer.author) == [f"Ana Souza gave kudos to your post in “{QUESTION}”"]


# --- Replies and mentions ---------------------------------------------------------------------


def test_reply_with_mentions_tells_each_member_once(question, asker, ana, bob, carla):
    ReplyFactory(topic=question, author=ana, body="Following: we need this too.")
    Notification.objects.all().delete()

    ReplyFactory(
        topic=question,
        author=carla,
        body="@ana-souza @bob-lee a smart list per webinar does it. @ana-souza see step 2.",
    )

    assert kinds_for(asker) == [ForumKind.REPLY_TO_YOUR_TOPIC]
    assert kinds_for(ana) == [Kind.MENTION]
    assert kinds_for(bob) == [Kind.MENTION]
    assert kinds_for(carla) == []
    assert inbox(bob) == [f"Carla Mendes mentioned you in “{QUESTION}”"]
    assert inbox(asker) == [f"Carla Mendes replied to your topic “{QUESTION}”"]


def test_followers_hear_of_a_reply_once(question, asker, ana, bob, carla):
    for follower in (ana, bob):
        ReplyFactory(topic=question, author=follower, body=f"Following, says {follower}.")
    Notification.objects.all().delete()

    ReplyFactory(topic=question, author=carla, body="We score attendance with a smart list.")

    assert inbox(ana) == [f"Carla Mendes replied in “{QUESTION}”"]
    assert inbox(bob) == [f"Carla Mendes replied in “{QUESTION}”"]
    assert kinds_for(asker) == [ForumKind.REPLY_TO_YOUR_TOPIC]


def test_reply_sent_twice_by_a_double_click_notifies_once(question, asker, carla):
    body = "Attendance goes into the score through a smart list."

    first = services.post_reply(topic=question, author=carla, body=body)
    second = services.post_reply(topic=question, author=carla, body=body)

    assert first == second
    assert inbox(asker) == [f"Carla Mendes replied to your topic “{QUESTION}”"]


def test_accepted_solution_tells_the_answers_author(asker, carla, answer, question):
    services.accept_solution(topic=question, reply=answer, member=asker)

    told = Notification.objects.filter(recipient=carla, kind=ForumKind.SOLUTION_ACCEPTED)
    assert [n.text for n in told] == [f"Your reply was accepted as the solution to “{QUESTION}”"]


# --- Posts that are gone ----------------------------------------------------------------------


def test_reply_hidden_by_a_moderator_shows_as_unavailable(client, asker, manager, answer):
    moderation.hide(item=answer, moderator=manager, reason="Links to a competitor's price list.")

    [item] = [n for n in catch_up(client, asker) if n["kind"] == ForumKind.REPLY_TO_YOUR_TOPIC]

    assert item["available"] is False
    assert item["text"] == UNAVAILABLE
    assert item["url"] == ""


def test_reply_restored_by_a_moderator_is_available_again(asker, manager, answer):
    moderation.hide(item=answer, moderator=manager, reason="Reported as spam.")

    moderation.restore(item=answer, moderator=manager, reason="Not spam after all.")

    assert selectors.inbox_page(asker).unavailable == set()


def test_reply_deleted_by_its_author_shows_as_unavailable(client, asker, answer):
    services.delete_reply(reply=answer, member=answer.author)

    [item] = catch_up(client, asker)

    assert item["available"] is False
    assert item["text"] == UNAVAILABLE


def test_other_notifications_stay_available_when_one_reply_is_hidden(
    client, question, asker, manager, answer, ana
):
    kept = ReplyFactory(topic=question, author=ana, body="Seconding the smart list approach.")

    moderation.hide(item=answer, moderator=manager, reason="Off-topic.")

    about = dict(Notification.objects.filter(recipient=asker).values_list("target_id", "pk"))
    available = {n["id"]: n["available"] for n in catch_up(client, asker)}
    assert available == {about[answer.pk]: False, about[kept.pk]: True}


def test_mention_in_a_hidden_topic_shows_as_unavailable(category, ana, manager):
    topic = TopicFactory(
        category=category,
        title="Webinar scoring with a smart list",
        body="@ana-souza is this how you set it up?",
    )
    [mention] = Notification.objects.filter(recipient=ana, kind=Kind.MENTION)

    moderation.hide(item=topic, moderator=manager, reason="Duplicate of an older topic.")

    assert selectors.inbox_page(ana).unavailable == {mention.pk}


def test_a_manager_still_reaches_a_reply_hidden_from_members(manager, question):
    services.follow_topic(member=manager, topic=question)
    ReplyFactory(topic=question, body="One more idea: score no-shows lower.")
    hidden = Notification.objects.get(recipient=manager)
    moderation.hide(item=hidden.target, moderator=manager, reason="Duplicate answer.")

    assert selectors.inbox_page(manager).unavailable == set()


# --- Live pushes wait for the commit ----------------------------------------------------------


def test_askers_open_tab_hears_of_a_reply_only_after_it_is_saved(
    channel_layer, django_capture_on_commit_callbacks, question, asker, carla
):
    group = live.member_group(asker.pk)
    tab = open_tab(channel_layer, group)

    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(
            topic=question, author=carla, body="A smart list per webinar does it."
        )
        mark(channel_layer, group)  # still inside the transaction

    before_commit, after_commit = received(channel_layer, tab, 2)
    assert before_commit == MARKER
    assert after_commit["type"] == "notification.new"
    assert after_commit["unread_count"] == 1
    assert after_commit["notification"]["text"] == (
        f"Carla Mendes replied to your topic “{QUESTION}”"
    )
    assert after_commit["notification"]["url"] == reply.get_absolute_url()


def test_authors_open_tab_sees_grouped_kudos_replace_the_earlier_ones(
    channel_layer, django_capture_on_commit_callbacks, ana, bob, carla, answer
):
    with django_capture_on_commit_callbacks(execute=True):
        services.toggle_kudos(member=ana, reply=answer)
    earlier = Notification.objects.get(recipient=carla)
    tab = open_tab(channel_layer, live.member_group(carla.pk))

    with django_capture_on_commit_callbacks(execute=True):
        services.toggle_kudos(member=bob, reply=answer)

    [message] = received(channel_layer, tab, 1)
    assert message["notification"]["text"] == (
        f"Bob Lee and 1 other gave kudos to your post in “{QUESTION}”"
    )
    assert message["replaces"] == earlier.pk
    assert message["unread_count"] == 1


def test_banned_members_open_tabs_are_closed_after_the_ban_is_saved(
    channel_layer, django_capture_on_commit_callbacks, manager, ana
):
    group = live.connections_group(ana.pk)
    tab = open_tab(channel_layer, group)

    with django_capture_on_commit_callbacks(execute=True):
        moderation.ban(member=ana, moderator=manager, reason="Spam in every category.")
        mark(channel_layer, group)

    assert received(channel_layer, tab, 2) == [MARKER, {"type": "member.disconnect"}]
    assert inbox(ana) == ["Your account is banned: Spam in every category."]


def test_suspended_members_open_tabs_are_closed_after_the_suspension_is_saved(
    channel_layer, django_capture_on_commit_callbacks, manager, ana
):
    group = live.connections_group(ana.pk)
    tab = open_tab(channel_layer, group)

    with django_capture_on_commit_callbacks(execute=True):
        moderation.suspend(
            member=ana,
            moderator=manager,
            until=timezone.now() + timedelta(days=3),
            reason="Heated replies after a warning.",
        )
        mark(channel_layer, group)

    assert received(channel_layer, tab, 2) == [MARKER, {"type": "member.disconnect"}]
