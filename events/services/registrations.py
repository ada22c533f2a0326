"""Registering for an event, cancelling, the waitlist and check-in.

Seats are counted on the event row (`registered_count`, `waitlist_count`), which every
change of a registration locks first (`select_for_update`): two members racing for the last
seat queue on that lock, and the second sees the seat taken. On SQLite, which ignores row
locks, each write transaction takes the database's write lock when it begins (the settings'
IMMEDIATE mode), with the same effect.
"""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from community.core.errors import Rejected
from community.notifications.services import notify

from .. import permissions
from ..models import Registration, RegistrationStatus
from ..notification_kinds import EventKind
from ..pages import EventPage, RegistrationWindow
from . import agenda


class RegistrationClosed(Rejected):
    """The event takes no registrations now (closed, cancelled, over or not yet open)."""

    status = 409


def _locked(event: EventPage) -> EventPage:
    """The event's row, locked until the transaction ends, with its current counters."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def register(*, event: EventPage, member) -> Registration:
    """Give the member a seat, or a place at the end of the waitlist when the event is full.

    Idempotent: a member who is registered or waiting keeps what they have (a double click
    changes nothing). Refuses members who may not take part (PermissionDenied) and events that
    take no registrations now (RegistrationClosed, with the reason).
    """
    permissions.ensure_can_register(member)
    with transaction.atomic():
        event = _locked(event)
        registration = Registration.objects.filter(event=event, member=member).first()
        if registration is not None and registration.is_active:
            return registration
        window = event.registration_window()
        if window != RegistrationWindow.OPEN:
            raise RegistrationClosed(window.label)
        if registration is None:
            registration = Registration(event=event, member=member)
        if event.capacity is None or event.registered_count < event.capacity:
            registration.status = RegistrationStatus.REGISTERED
            registration.waitlist_position = None
            counter = "registered_count"
        else:
            registration.status = RegistrationStatus.WAITLISTED
            registration.waitlist_position = _next_waitlist_position(event)
            counter = "waitlist_count"
        registration.checked_in_at = None
        registration.save()
        EventPage.objects.filter(pk=event.pk).update(**{counter: F(counter) + 1})
    return registration


def _next_waitlist_position(event: EventPage) -> int:
    last = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).aggregate(
        last=Max("waitlist_position")
    )["last"]
    return (last or 0) + 1


def cancel(*, event: EventPage, member) -> Registration | None:
    """Give up the member's seat or place in the waitlist. A freed seat goes at once to the
    first member waiting, who is told. Idempotent: cancelling twice changes nothing.

    Members may always cancel, even while suspended, and even once registration has closed.
    """
    with transaction.atomic():
        event = _locked(event)
        registration = Registration.objects.filter(event=event, member=member).first()
        if registration is None or not registration.is_active:
            return registration
        held_seat = registration.holds_seat
        registration.status = RegistrationStatus.CANCELLED
        registration.waitlist_position = None
        registration.checked_in_at = None
        registration.save()
        counter = "registered_count" if held_seat else "waitlist_count"
        EventPage.objects.filter(pk=event.pk).update(**{counter: F(counter) - 1})
        if held_seat:
            event.registered_count -= 1
            promote_from_waitlist(event=event)
            # At the conference, the sessions they had picked free their seats too.
            agenda.release_agenda(conference=event, member=member)
    return registration


def promote_from_waitlist(*, event: EventPage) -> list[Registration]:
    """Fill free seats from the waitlist, first come first served, and tell each promoted
    member at once. Runs inside the caller's transaction, on the event row it has locked
    (`event` carries the counters as they stand in that transaction)."""
    if event.is_cancelled or event.is_past():
        return []
    free = None if event.capacity is None else event.capacity - event.registered_count
    if free is not None and free <= 0:
        return []
    waiting = Registration.objects.filter(
        event=event, status=RegistrationStatus.WAITLISTED
    ).order_by("waitlist_position")
    promoted = list(waiting if free is None else waiting[:free])
    if not promoted:
        return []
    Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(
        status=RegistrationStatus.REGISTERED, waitlist_position=None, updated_at=timezone.now()
    )
    EventPage.objects.filter(pk=event.pk).update(
        registered_count=F("registered_count") + len(promoted),
        waitlist_count=F("waitlist_count") - len(promoted),
    )
    event.registered_count += len(promoted)
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.waitlist_position = None
    notify(
        kind=EventKind.SEAT_OFFERED,
        recipients=[r.member_id for r in promoted],
        text=f"A seat opened for you at {event.title}: you are registered.",
        url=event.url or "",
        target=event,
    )
    return promoted


def seats_changed(*, event: EventPage) -> list[Registration]:
    """After an editor raised the capacity: offer the new seats to the waitlist."""
    with transaction.atomic():
        return promote_from_waitlist(event=_locked(event))


def check_in(*, event: EventPage, code: str, by) -> Registration:
    """Mark the registration with this code as attended. Idempotent; refuses codes of other
    events and registrations that hold no seat."""
    permissions.ensure_can_organise(by, event)
    code = code.strip().upper()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("member")
            .filter(event=event, code=code)
            .first()
        )
        if registration is None:
            raise Rejected(f"No registration for this event has the code {code}.")
        if registration.status == RegistrationStatus.ATTENDED:
            return registration
        if registration.status != RegistrationStatus.REGISTERED:
            raise Rejected(
                f"{registration.member} is {registration.get_status_display().lower()}, "
                "not registered."
            )
        registration.status = RegistrationStatus.ATTENDED
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["status", "checked_in_at", "updated_at"])
    return registration
