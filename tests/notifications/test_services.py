"""notify() and what members do with notifications: who hears of what, how grouped kudos read,
what reaches a member's open tabs, reading them, and choosing how to hear of each kind."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from community.notifications import services
from community.notifications.kinds import Delivery, Kind
from community.notifications.models import Notification, NotificationPreference
from forums.notification_kinds import ForumKind
from tests.factories import (
    AnnouncementFactory,
    CustomerFactory,
    NotificationFactory,
    NotificationPreferenceFactory,
    PartnerFactory,
)
from tests.factories.members import member_fixture
from tests.live_pushes import open_tab, received

pytestmark = pytest.mark.django_db

TOPIC = "How do I score leads from webinar attendance?"
TOPIC_URL = "/forums/campaigns-email/t/41/how-do-i-score-leads/"
KUDOS_TEXT = f"{{actors}} gave kudos to your post in “{TOPIC}”"
KUDOS_GROUP = "kudos:reply:77"


ana = member_fixture(CustomerFactory, display_name="Ana Souza")


bob = member_fixture(CustomerFactory, display_name="Bob Lee")


carla = member_fixture(PartnerFactory, display_name="Carla Mendes")


author = member_fixture(CustomerFactory, display_name="Priya Raman")


def reply_notice(recipients, actor, **extra):
    return services.notify(
        kind=ForumKind.REPLY_IN_FOLLOWED_TOPIC,
        recipients=recipients,
        actor=actor,
        text=f"{actor} replied in “{TOPIC}”",
        url=TOPIC_URL,
        **extra,
    )


def kudos_from(giver, recipient):
    return services.notify(
        kind=Kind.KUDOS,
        recipients=[recipient],
        actor=giver,
        text=KUDOS_TEXT,
        url=TOPIC_URL,
        group_key=KUDOS_GROUP,
    )


def inbox(member) -> list[str]:
    return list(Notification.objects.filter(recipient=member).values_list("text", flat=True))


# --- Who is told ----------------------------------------------------------------------------


def test_every_recipient_gets_one_unread_notification(author, ana, bob):
    written = reply_notice([ana, bob.pk], author)

    assert len(written) == 2
    for member in (ana, bob):
        notification = Notification.objects.get(recipient=member)
        assert notification.kind == ForumKind.REPLY_IN_FOLLOWED_TOPIC
        assert notification.text == f"Priya Raman replied in “{TOPIC}”"
        assert notification.url == TOPIC_URL
        assert notification.actor == author
        assert notification.is_unread


def test_notification_remembers_what_it_is_about(author, ana):
    announcement = AnnouncementFactory()

    [written] = reply_notice([ana], author, target=announcement)

    assert Notification.objects.get(pk=written.pk).target == announcement


def test_member_is_never_notified_of_their_own_action(author, ana):
    written = reply_notice([author, ana], author)

    assert [n.recipient_id for n in written] == [ana.pk]
    assert not Notification.objects.filter(recipient=author).exists()


def test_the_actor_alone_as_recipient_writes_nothing(author):
    assert reply_notice([author], author) == []
    assert not Notification.objects.exists()


def test_recipient_listed_twice_hears_once(author, ana):
    reply_notice([ana, ana.pk, ana], author)

    assert Notification.objects.filter(recipient=ana).count() == 1


def test_notifying_many_members_costs_no_more_queries_than_notifying_two(author):
    few, many = CustomerFactory.create_batch(2), CustomerFactory.create_batch(20)
    reply_notice(CustomerFactory.create_batch(1), author)  # content types are cached from here

    with CaptureQueriesContext(connection) as for_few:
        reply_notice(few, author)
    with CaptureQueriesContext(connection) as for_many:
        reply_notice(many, author)

    assert len(for_many) == len(for_few)
    inserts = [
        query["sql"]
        for query in for_many.captured_queries
        if query["sql"].startswith("INSERT") and "notifications_notification" in query["sql"]
    ]
    assert len(inserts) == 1
    assert Notification.objects.filter(recipient__in=many).count() == 20


# --- Preferences decide -----------------------------------------------------------------------


def test_member_who_turned_kudos_off_hears_nothing(ana, bob):
    NotificationPreferenceFactory(member=bob, kind=Kind.KUDOS, delivery=Delivery.OFF)

    assert kudos_from(ana, bob) == []
    assert not Notification.objects.filter(recipient=bob).exists()


def test_turning_one_kind_off_leaves_the_others_on(author, bob):
    NotificationPreferenceFactory(member=bob, kind=Kind.KUDOS, delivery=Delivery.OFF)

    reply_notice([bob], author)

    assert inbox(bob) == [f"Priya Raman replied in “{TOPIC}”"]


def test_each_notification_records_how_its_recipient_asked_to_hear_of_it(author, ana, bob, carla):
    NotificationPreferenceFactory(
        member=bob, kind=ForumKind.REPLY_IN_FOLLOWED_TOPIC, delivery="web"
    )
    NotificationPreferenceFactory(
        member=carla, kind=ForumKind.REPLY_IN_FOLLOWED_TOPIC, delivery="email"
    )

    reply_notice([ana, bob, carla], author)

    deliveries = dict(Notification.objects.values_list("recipient_id", "delivery"))
    # Ana chose nothing: replies in followed topics default to the daily digest.
    assert deliveries == {ana.pk: "digest", bob.pk: "web", carla.pk: "email"}


def test_another_members_preference_does_not_change_mine(ana, bob, carla):
    NotificationPreferenceFactory(member=bob, kind=Kind.KUDOS, delivery=Delivery.OFF)

    kudos_from(ana, carla)

    assert Notification.objects.get(recipient=carla).delivery == Delivery.WEB


# --- Grouped kudos ----------------------------------------------------------------------------


def test_first_kudos_names_the_giver(ana, author):
    kudos_from(ana, author)

    assert inbox(author) == [f"Ana Souza gave kudos to your post in “{TOPIC}”"]


def test_second_giver_replaces_the_unread_kudos_notification(ana, bob, author):
    [first] = kudos_from(ana, author)

    [second] = kudos_from(bob, author)

    assert inbox(author) == [f"Bob Lee and 1 other gave kudos to your post in “{TOPIC}”"]
    assert not Notification.objects.filter(pk=first.pk).exists()
    assert second.actor == bob


def test_third_giver_counts_the_others(ana, bob, carla, author):
    kudos_from(ana, author)
    kudos_from(bob, author)

    kudos_from(carla, author)

    assert inbox(author) == [f"Carla Mendes and 2 others gave kudos to your post in “{TOPIC}”"]


def test_same_giver_again_adds_nothing(ana, author):
    kudos_from(ana, author)

    assert kudos_from(ana, author) == []
    assert inbox(author) == [f"Ana Souza gave kudos to your post in “{TOPIC}”"]


def test_once_read_the_next_kudos_start_a_new_group(ana, bob, author):
    [first] = kudos_from(ana, author)
    services.mark_read(member=author, notification_ids=[first.pk])

    kudos_from(bob, author)

    assert inbox(author) == [
        f"Bob Lee gave kudos to your post in “{TOPIC}”",
        f"Ana Souza gave kudos to your post in “{TOPIC}”",
    ]
    assert services.unread_count(author) == 1


def test_kudos_on_different_posts_are_not_grouped(ana, bob, author):
    kudos_from(ana, author)

    services.notify(
        kind=Kind.KUDOS,
        recipients=[author],
        actor=bob,
        text="{actors} gave kudos to your topic “Nurture tracks for B2B”",
        group_key="kudos:topic:12",
    )

    assert sorted(inbox(author)) == [
        f"Ana Souza gave kudos to your post in “{TOPIC}”",
        "Bob Lee gave kudos to your topic “Nurture tracks for B2B”",
    ]


def test_kudos_groups_of_different_authors_stay_apart(ana, bob, author, carla):
    kudos_from(ana, author)

    kudos_from(bob, carla)

    assert inbox(author) == [f"Ana Souza gave kudos to your post in “{TOPIC}”"]
    assert inbox(carla) == [f"Bob Lee gave kudos to your post in “{TOPIC}”"]


# --- After commit -----------------------------------------------------------------------------


def test_open_tabs_hear_of_a_new_notification_with_the_unread_count(
    channel_layer, django_capture_on_commit_callbacks, author, ana
):
    NotificationFactory(recipient=ana)
    tab = open_tab(channel_layer, ana)

    with django_capture_on_commit_callbacks(execute=True):
        [written] = reply_notice([ana], author)

    [message] = received(channel_layer, tab, 1)
    assert message["type"] == "notification.new"
    assert message["unread_count"] == 2
    assert message["notification"]["id"] == written.pk
    assert message["notification"]["text"] == f"Priya Raman replied in “{TOPIC}”"
    assert message["notification"]["url"] == TOPIC_URL
    assert message["notification"]["unread"] is True
    assert "replaces" not in message


def test_open_tabs_are_told_which_kudos_notification_a_new_one_replaces(
    channel_layer, django_capture_on_commit_callbacks, ana, bob, author
):
    with django_capture_on_commit_callbacks(execute=True):
        [first] = kudos_from(ana, author)
    tab = open_tab(channel_layer, author)

    with django_capture_on_commit_callbacks(execute=True):
        [second] = kudos_from(bob, author)

    [message] = received(channel_layer, tab, 1)
    assert message["notification"]["id"] == second.pk
    assert message["replaces"] == first.pk
    assert message["unread_count"] == 1


def test_nothing_goes_out_when_the_action_is_rolled_back(
    django_capture_on_commit_callbacks, mailoutbox, author, ana
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notify(
            kind=Kind.MENTION,
            recipients=[ana],
            actor=author,
            text=f"Priya Raman mentioned you in “{TOPIC}”",
            url=TOPIC_URL,
        )
        raise RuntimeError("the reply could not be saved")

    assert callbacks == []
    assert mailoutbox == []
    assert not Notification.objects.exists()


# --- Reading ----------------------------------------------------------------------------------


def test_marking_some_read_returns_what_is_left_unread(ana):
    first, second, _third = NotificationFactory.create_batch(3, recipient=ana)

    left = services.mark_read(member=ana, notification_ids=[first.pk, str(second.pk)])

    assert left == 1
    assert services.unread_count(ana) == 1
    first.refresh_from_db()
    assert first.read_at is not None


def test_member_cannot_mark_someone_elses_notifications_read(ana, bob):
    hers = NotificationFactory(recipient=ana)
    NotificationFactory(recipient=bob)

    left = services.mark_read(member=bob, notification_ids=[hers.pk])

    assert left == 1
    hers.refresh_from_db()
    assert hers.is_unread


def test_marking_an_already_read_notification_keeps_its_first_read_time(ana):
    notification = NotificationFactory(recipient=ana, read=True)
    first_read = notification.read_at

    services.mark_read(member=ana, notification_ids=[notification.pk])

    notification.refresh_from_db()
    assert notification.read_at == first_read


def test_mark_all_read_touches_only_the_members_own(ana, bob):
    NotificationFactory.create_batch(3, recipient=ana)
    NotificationFactory.create_batch(2, recipient=bob)

    assert services.mark_all_read(member=ana) == 0

    assert services.unread_count(ana) == 0
    assert services.unread_count(bob) == 2


def test_unread_counts_per_member(ana, bob, carla):
    NotificationFactory.create_batch(2, recipient=ana)
    NotificationFactory(recipient=ana, read=True)
    NotificationFactory(recipient=bob)

    counts = services.unread_counts([ana.pk, bob.pk, carla.pk])

    assert counts.get(ana.pk) == 2
    assert counts.get(bob.pk) == 1
    assert counts.get(carla.pk, 0) == 0
    assert services.unread_count(carla) == 0


# --- Preferences ------------------------------------------------------------------------------


def test_new_member_hears_of_each_kind_as_the_kind_suggests(ana):
    choices = services.preferences_of(ana)

    assert choices[ForumKind.REPLY_TO_YOUR_TOPIC] == "email"
    assert choices[Kind.MENTION] == "email"
    assert choices[ForumKind.REPLY_IN_FOLLOWED_TOPIC] == "digest"
    assert choices[Kind.KUDOS] == "web"
    assert choices[Kind.MODERATION] == "web"
    assert set(choices) >= {kind.value for kind in Kind}


def test_saved_choices_show_up_in_the_preferences(ana):
    services.set_preferences(member=ana, choices={Kind.KUDOS: "off", Kind.MENTION: "digest"})

    choices = services.preferences_of(ana)

    assert choices[Kind.KUDOS] == "off"
    assert choices[Kind.MENTION] == "digest"
    assert choices[ForumKind.REPLY_TO_YOUR_TOPIC] == "email"


def test_changing_a_choice_again_replaces_the_earlier_one(ana):
    services.set_preferences(member=ana, choices={Kind.KUDOS: "off"})

    services.set_preferences(member=ana, choices={Kind.KUDOS: "email"})

    assert services.preferences_of(ana)[Kind.KUDOS] == "email"
    assert NotificationPreference.objects.filter(member=ana).count() == 1


def test_unknown_kind_is_refused(ana):
    with pytest.raises(ValidationError):
        services.set_preferences(member=ana, choices={"weekly_horoscope": "off"})

    assert not NotificationPreference.objects.exists()


def test_unknown_delivery_is_refused(ana):
    with pytest.raises(ValidationError):
        services.set_preferences(member=ana, choices={Kind.KUDOS: "sms"})

    assert not NotificationPreference.objects.exists()


def test_moderation_notices_cannot_be_turned_off(ana):
    with pytest.raises(ValidationError):
        services.set_preferences(member=ana, choices={Kind.MODERATION: "off"})

    assert services.preferences_of(ana)[Kind.MODERATION] == "web"


def test_a_refused_choice_saves_none_of_the_others(ana):
    with pytest.raises(ValidationError):
        services.set_preferences(member=ana, choices={Kind.KUDOS: "off", Kind.MODERATION: "off"})

    assert services.preferences_of(ana)[Kind.KUDOS] == "web"


def test_moderation_notices_can_come_by_email(ana):
    services.set_preferences(member=ana, choices={Kind.MODERATION: "email"})

    assert services.preferences_of(ana)[Kind.MODERATION] == "email"
