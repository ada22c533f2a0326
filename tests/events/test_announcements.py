"""Changes reach everyone registered or waiting; chapter members hear of new events; reminders
go out once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from community.notifications.models import Notification
from events.notification_kinds import EventKind
from events.pages import EventPage
from events.services import announcements, chapters, registrations
from events.tasks import send_event_reminder
from tests.factories.events import EventFactory, OnlineEventFactory

pytestmark = pytest.mark.django_db


def told(kind) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


@pytest.fixture
def full_event(event, others):
    """Two registered, two waiting, one who cancelled."""
    for m in others[:5]:
        registrations.register(event=event, member=m)
    registrations.cancel(event=event, member=others[4])
    return EventPage.objects.get(pk=event.pk)


def republish(event, **changes) -> EventPage:
    event = EventPage.objects.get(pk=event.pk)
    for name, value in changes.items():
        setattr(event, name, value)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def test_a_new_time_reaches_everyone_registered_or_waiting(full_event, others):
    event = republish(
        full_event,
        starts_at=full_event.starts_at + timedelta(days=1),
        ends_at=full_event.ends_at + timedelta(days=1),
    )

    assert told(EventKind.EVENT_CHANGED) == {m.pk for m in others[:4]}
    text = Notification.objects.filter(kind=EventKind.EVENT_CHANGED).first().text
    assert "now starts" in text and "Europe/Berlin" in text
    assert event.sequence == 1


def test_a_cancellation_reaches_everyone_registered_or_waiting(full_event, others):
    republish(full_event, is_cancelled=True)

    assert told(EventKind.EVENT_CHANGED) == {m.pk for m in others[:4]}
    assert "is cancelled" in Notification.objects.filter(kind=EventKind.EVENT_CHANGED)[0].text


def test_a_new_place_reaches_everyone_registered_or_waiting(full_event, others):
    event = republish(full_event, venue_name="Kulturbrauerei", address="Schönhauser Allee 36")

    assert told(EventKind.EVENT_CHANGED) == {m.pk for m in others[:4]}
    assert "has a new place" in Notification.objects.filter(kind=EventKind.EVENT_CHANGED)[0].text
    assert event.sequence == 1


def test_a_new_join_link_is_announced_without_the_link(chapter, member):
    webinar = OnlineEventFactory(parent=chapter)
    registrations.register(event=webinar, member=member)

    republish(webinar, join_url="https://meet.example.com/new-room-77")

    notification = Notification.objects.get(kind=EventKind.EVENT_CHANGED)
    assert notification.recipient == member
    assert "new-room-77" not in notification.text


def test_a_change_of_summary_bothers_no_one(full_event):
    event = republish(full_event, summary="Now with pizza.")
    assert not Notification.objects.filter(kind=EventKind.EVENT_CHANGED).exists()
    assert event.sequence == 0


def test_a_chapter_announces_a_new_event_to_its_members(chapter, others):
    chapters.join(chapter=chapter, member=others[0])
    chapters.join(chapter=chapter, member=others[1])

    EventFactory(parent=chapter, title="Spring meetup")

    assert told(EventKind.CHAPTER_EVENT) == {others[0].pk, others[1].pk}


def test_the_promoted_member_hears_at_once_by_email(
    event, others, django_capture_on_commit_callbacks
):
    for m in others[:3]:
        registrations.register(event=event, member=m)

    with django_capture_on_commit_callbacks(execute=True):
        registrations.cancel(event=event, member=others[0])

    assert [message.to for message in mail.outbox] == [[others[2].email]]


# --- Reminders ---------------------------------------------------------------------------


@pytest.fixture
def tomorrow(chapter, others):
    start = (timezone.now() + timedelta(hours=20)).replace(microsecond=0)
    event = EventFactory(parent=chapter, starts_at=start, ends_at=start + timedelta(hours=2))
    registrations.register(event=event, member=others[0])
    registrations.register(event=event, member=others[1])
    registrations.cancel(event=event, member=others[1])
    return event


def test_the_day_reminder_is_sent_once_even_when_the_task_runs_twice(tomorrow, others):
    send_event_reminder.enqueue(tomorrow.pk, "day")
    send_event_reminder.enqueue(tomorrow.pk, "day")
    announcements.send_due_reminders()

    reminders = Notification.objects.filter(kind=EventKind.EVENT_REMINDER)
    assert [n.recipient_id for n in reminders] == [others[0].pk]
    assert "tomorrow" in reminders[0].text


def test_a_reminder_that_is_not_due_sends_nothing(tomorrow):
    assert announcements.send_reminder(event_id=tomorrow.pk, which="hour") == 0
    assert EventPage.objects.get(pk=tomorrow.pk).hour_reminder_sent_at is None


def test_the_hour_reminder_follows_the_day_reminder_once(tomorrow, others):
    an_hour_before = tomorrow.starts_at - timedelta(minutes=50)
    assert announcements.send_due_reminders(now=tomorrow.starts_at - timedelta(hours=10)) == 1
    assert announcements.send_due_reminders(now=an_hour_before) == 1
    assert announcements.send_due_reminders(now=an_hour_before) == 0
    assert Notification.objects.filter(kind=EventKind.EVENT_REMINDER).count() == 2


def test_a_moved_event_is_reminded_again_at_its_new_time(tomorrow):
    announcements.send_due_reminders()
    republish(
        tomorrow,
        starts_at=tomorrow.starts_at + timedelta(hours=2),
        ends_at=tomorrow.ends_at + timedelta(hours=2),
    )
    assert announcements.send_due_reminders() == 1


def test_a_cancelled_event_sends_no_reminders(tomorrow):
    republish(tomorrow, is_cancelled=True)
    assert announcements.send_due_reminders() == 0


def test_publishing_queues_both_reminders_for_their_time(
    chapter, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)

    with django_capture_on_commit_callbacks(execute=True):
        event = EventFactory(parent=chapter, starts_at=start, ends_at=start + timedelta(hours=1))

    queued = DBTaskResult.objects.filter(task_path="events.tasks.send_event_reminder")
    assert sorted(row.run_after for row in queued) == [
        start - timedelta(days=1),
        start - timedelta(hours=1),
    ]
    assert {tuple(row.args_kwargs["args"]) for row in queued} == {
        (event.pk, "day"),
        (event.pk, "hour"),
    }


def test_the_promoted_members_open_tab_hears_at_once(
    channel_layer, django_capture_on_commit_callbacks, event, others
):
    import asyncio

    from asgiref.sync import async_to_sync

    from community.notifications import live

    for m in others[:3]:
        registrations.register(event=event, member=m)
    tab = async_to_sync(channel_layer.new_channel)()
    async_to_sync(channel_layer.group_add)(live.member_group(others[2].pk), tab)

    with django_capture_on_commit_callbacks(execute=True):
        registrations.cancel(event=event, member=others[0])

    async def first_message():
        return await asyncio.wait_for(channel_layer.receive(tab), 5)

    message = async_to_sync(first_message)()
    assert message["type"] == "notification.new"
    assert message["notification"]["text"] == (
        "A seat opened for you at Journeys night: you are registered."
    )
