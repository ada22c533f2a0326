"""RSVP rules: seats, the waitlist, idempotent clicks and who may register when."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from community.notifications.models import Notification
from events.models import Registration, RegistrationStatus
from events.notification_kinds import EventKind
from events.pages import EventPage
from events.services import registrations
from events.services.registrations import RegistrationClosed
from tests.factories import CustomerFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db


def counters(event) -> tuple[int, int]:
    event = EventPage.objects.get(pk=event.pk)
    return event.registered_count, event.waitlist_count


def test_registering_takes_a_seat(event, member):
    registration = registrations.register(event=event, member=member)

    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.waitlist_position is None
    assert counters(event) == (1, 0)


def test_a_double_click_registers_once(event, member):
    first = registrations.register(event=event, member=member)
    second = registrations.register(event=event, member=member)

    assert first.pk == second.pk
    assert Registration.objects.filter(event=event).count() == 1
    assert counters(event) == (1, 0)


def test_a_full_event_puts_newcomers_on_the_waitlist_in_order(event, others):
    statuses = [registrations.register(event=event, member=m) for m in others[:4]]

    assert [r.status for r in statuses] == ["registered", "registered", "waitlisted", "waitlisted"]
    assert [r.waitlist_position for r in statuses[2:]] == [1, 2]
    assert counters(event) == (2, 2)


def test_a_cancellation_promotes_the_first_waiting_and_tells_them(event, others):
    first, second, third, fourth = others[:4]
    for m in (first, second, third, fourth):
        registrations.register(event=event, member=m)

    registrations.cancel(event=event, member=second)

    assert Registration.objects.get(event=event, member=third).status == "registered"
    waiting = Registration.objects.get(event=event, member=fourth)
    assert (waiting.status, waiting.waitlist_position) == ("waitlisted", 2)
    assert counters(event) == (2, 1)
    told = Notification.objects.get(kind=EventKind.SEAT_OFFERED)
    assert told.recipient == third
    assert "Journeys night" in told.text


def test_a_freed_seat_goes_to_the_first_still_waiting_when_someone_ahead_left(event, others):
    holder, _, left, first, second = others
    for m in others:
        registrations.register(event=event, member=m)
    registrations.cancel(event=event, member=left)  # was number 1 on the waitlist

    registrations.cancel(event=event, member=holder)

    assert Registration.objects.get(event=event, member=first).status == "registered"
    waiting = Registration.objects.get(event=event, member=second)
    assert (waiting.status, waiting.waitlist_position) == ("waitlisted", 3)
    assert counters(event) == (2, 1)


def test_leaving_the_waitlist_promotes_no_one(event, others):
    for m in others[:4]:
        registrations.register(event=event, member=m)

    registrations.cancel(event=event, member=others[2])

    assert counters(event) == (2, 1)
    assert not Notification.objects.filter(kind=EventKind.SEAT_OFFERED).exists()
    assert Registration.objects.get(event=event, member=others[3]).status == "waitlisted"


def test_cancelling_twice_changes_nothing(event, member):
    registrations.register(event=event, member=member)
    registrations.cancel(event=event, member=member)
    registrations.cancel(event=event, member=member)

    assert counters(event) == (0, 0)
    assert Registration.objects.get(event=event, member=member).status == "cancelled"


def test_registering_again_after_cancelling_keeps_the_code(event, member):
    code = registrations.register(event=event, member=member).code
    registrations.cancel(event=event, member=member)

    again = registrations.register(event=event, member=member)

    assert (again.status, again.code) == ("registered", code)
    assert counters(event) == (1, 0)


def test_a_member_who_cancelled_joins_the_end_of_the_waitlist(event, others):
    for m in others[:3]:
        registrations.register(event=event, member=m)
    registrations.cancel(event=event, member=others[0])  # others[2] promoted
    registrations.register(event=event, member=others[3])  # waits, position 1

    back = registrations.register(event=event, member=others[0])

    assert (back.status, back.waitlist_position) == ("waitlisted", 2)


def test_registration_closes_at_its_closing_time(chapter, member):
    event = EventFactory(
        parent=chapter, registration_closes_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(RegistrationClosed, match="closed"):
        registrations.register(event=event, member=member)
    assert not Registration.objects.exists()


def test_a_cancelled_event_takes_no_registrations(chapter, member):
    event = EventFactory(parent=chapter, is_cancelled=True)
    with pytest.raises(RegistrationClosed, match="cancelled"):
        registrations.register(event=event, member=member)


def test_a_past_event_takes_no_registrations(chapter, member):
    start = timezone.now() - timedelta(days=2)
    event = EventFactory(parent=chapter, starts_at=start, ends_at=start + timedelta(hours=2))
    with pytest.raises(RegistrationClosed, match="over"):
        registrations.register(event=event, member=member)


def test_registration_that_has_not_opened_is_refused(chapter, member):
    event = EventFactory(parent=chapter, registration_opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(RegistrationClosed, match="not opened"):
        registrations.register(event=event, member=member)


def test_a_banned_member_is_refused_with_the_reason(event):
    banned = CustomerFactory(profile__banned_at=timezone.now())
    with pytest.raises(PermissionDenied, match="banned"):
        registrations.register(event=event, member=banned)


def test_a_suspended_member_is_refused_but_may_cancel(event, member):
    registrations.register(event=event, member=member)
    member.profile.suspended_until = timezone.now() + timedelta(days=3)
    member.profile.save()

    with pytest.raises(PermissionDenied, match="suspended"):
        registrations.register(
            event=event,
            member=CustomerFactory(profile__suspended_until=timezone.now() + timedelta(days=3)),
        )
    registrations.cancel(event=event, member=member)
    assert counters(event) == (0, 0)


def test_an_event_without_capacity_never_fills(chapter, others):
    event = EventFactory(parent=chapter, capacity=None)
    for m in others:
        registrations.register(event=event, member=m)
    assert counters(event) == (len(others), 0)


def test_raising_the_capacity_offers_the_new_seats_to_those_waiting(event, others):
    for m in others[:4]:
        registrations.register(event=event, member=m)
    event = EventPage.objects.get(pk=event.pk)
    event.capacity = 3
    event.save_revision().publish()

    assert counters(event) == (3, 1)
    assert Registration.objects.get(event=event, member=others[2]).status == "registered"


def test_check_in_marks_attendance_once(event, member, manager):
    registration = registrations.register(event=event, member=member)

    registrations.check_in(event=event, code=registration.code.lower(), by=manager)
    again = registrations.check_in(event=event, code=registration.code, by=manager)

    assert again.status == RegistrationStatus.ATTENDED
    assert again.checked_in_at is not None
    assert counters(event) == (1, 0)


def test_a_member_cannot_check_people_in(event, member, others):
    registration = registrations.register(event=event, member=member)
    with pytest.raises(PermissionDenied):
        registrations.check_in(event=event, code=registration.code, by=others[0])
