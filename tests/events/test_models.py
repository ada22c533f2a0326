from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Registration, RegistrationStatus
from events.pages import EventPage, RegistrationWindow
from tests.factories import CustomerFactory
from tests.factories.events import ChapterFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_events_live_under_the_index_or_a_chapter():
    chapter = ChapterFactory()
    webinar = EventFactory()
    meetup = EventFactory(parent=chapter)

    assert webinar.get_parent().specific_class.__name__ == "EventIndexPage"
    assert meetup.get_parent().pk == chapter.pk
    assert meetup.url.startswith(chapter.url)
    assert chapter.region is not None


def test_a_member_holds_one_registration_per_event():
    event = EventFactory()
    member = CustomerFactory()
    RegistrationFactory(event=event, member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, member=member)


def test_only_a_waiting_registration_has_a_place_in_the_waitlist():
    event = EventFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, status=RegistrationStatus.REGISTERED, waitlist_position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)


def test_each_registration_gets_a_short_unambiguous_code():
    registration = RegistrationFactory()
    assert len(registration.code) == 8
    assert not set(registration.code) & set("01OIL")


def test_the_registration_window_says_why_it_is_shut():
    now = timezone.now()
    event = EventFactory.build(
        starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=2)
    )
    assert event.registration_window(now) == RegistrationWindow.OPEN
    event.registration_closes_at = now - timedelta(minutes=1)
    assert event.registration_window(now) == RegistrationWindow.CLOSED
    event.registration_closes_at = None
    event.registration_opens_at = now + timedelta(hours=1)
    assert event.registration_window(now) == RegistrationWindow.NOT_YET
    event.is_cancelled = True
    assert event.registration_window(now) == RegistrationWindow.CANCELLED
    assert event.registration_window(now + timedelta(days=2)) == RegistrationWindow.CANCELLED
    event.is_cancelled = False
    assert event.registration_window(now + timedelta(days=2)) == RegistrationWindow.PAST


def test_an_event_must_end_after_it_starts_in_a_real_time_zone():
    event = EventFactory.build(time_zone="Mars/Olympus")
    event.ends_at = event.starts_at
    with pytest.raises(ValidationError) as refused:
        event.full_clean(exclude=["path", "depth", "content_type", "draft_title"])
    assert {"ends_at", "time_zone"} <= set(refused.value.message_dict)


def test_publishing_an_older_revision_keeps_the_seat_counters():
    event = EventFactory()
    old_revision = event.save_revision()
    EventPage.objects.filter(pk=event.pk).update(registered_count=7, sequence=3)
    event.refresh_from_db()
    old_revision.publish()
    event.refresh_from_db()
    assert (event.registered_count, event.sequence) == (7, 3)


def test_saving_a_stale_copy_of_an_event_keeps_the_seat_counters():
    event = EventFactory()
    stale = EventPage.objects.get(pk=event.pk)
    EventPage.objects.filter(pk=event.pk).update(registered_count=5, waitlist_count=2)

    stale.title = "Renamed in the editor"
    stale.save()

    event.refresh_from_db()
    assert (event.title, event.registered_count, event.waitlist_count) == (
        "Renamed in the editor",
        5,
        2,
    )
