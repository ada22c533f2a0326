"""A conference attendee's personal agenda: adding and removing sessions.

Only members holding a seat at the conference build an agenda. A session with a capacity counts
its seats on its own row (`seats_taken`), which every add and remove locks first
(`select_for_update`), as registrations do on the event row: members racing for a session's last
seat queue on that lock and the late ones are told it is full. Sessions that overlap are allowed
(people leave talks early); the schedule flags them instead (see `clashes`).
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from community.core.errors import Rejected

from ..conference import AgendaEntry, ConferenceSession
from ..models import SEAT_HOLDING, Registration
from ..pages import RegistrationWindow


class SessionFull(Rejected):
    """Every seat of the session is taken."""

    status = 409


class AgendaClosed(Rejected):
    """The conference is over or cancelled: its agenda no longer changes."""

    status = 409


def holds_conference_seat(member, conference) -> bool:
    return (
        member.is_authenticated
        and Registration.objects.filter(
            event_id=conference.pk, member=member, status__in=SEAT_HOLDING
        ).exists()
    )


def _locked(session: ConferenceSession) -> ConferenceSession:
    return (
        ConferenceSession.objects.select_for_update(of=("self",))
        .select_related("conference")
        .get(pk=session.pk)
    )


def add_session(*, session: ConferenceSession, member) -> AgendaEntry:
    """Put the session in the member's agenda, taking one of its seats if it counts them.

    Idempotent (a double click adds it once). Refuses members without a seat at the conference
    (PermissionDenied), conferences that are over or cancelled (AgendaClosed) and full sessions
    (SessionFull).
    """
    with transaction.atomic():
        session = _locked(session)
        conference = session.conference
        if not holds_conference_seat(member, conference):
            raise PermissionDenied("Register for the conference first, then build your agenda.")
        window = conference.registration_window()
        if window in (RegistrationWindow.CANCELLED, RegistrationWindow.PAST):
            raise AgendaClosed(window.label)
        entry = AgendaEntry.objects.filter(session=session, member=member).first()
        if entry is not None:
            return entry
        if session.is_full:
            raise SessionFull(f"“{session.title}” is full: every seat is taken.")
        entry = AgendaEntry.objects.create(session=session, member=member)
        ConferenceSession.objects.filter(pk=session.pk).update(seats_taken=F("seats_taken") + 1)
    return entry


def remove_session(*, session: ConferenceSession, member) -> bool:
    """Take the session out of the member's agenda and free its seat. Idempotent; True when
    something was removed. Always allowed, so nobody is stuck holding a seat."""
    with transaction.atomic():
        session = _locked(session)
        deleted, _ = AgendaEntry.objects.filter(session=session, member=member).delete()
        if deleted:
            ConferenceSession.objects.filter(pk=session.pk).update(seats_taken=F("seats_taken") - 1)
    return bool(deleted)


def release_agenda(*, conference, member) -> int:
    """Empty the member's agenda for this conference (when they cancel their registration), so
    the seats they held go to others. Returns how many sessions were removed."""
    sessions = ConferenceSession.objects.filter(
        conference_id=conference.pk, agenda_entries__member=member
    )
    removed = 0
    for session in sessions.order_by("pk"):
        removed += remove_session(session=session, member=member)
    return removed


def clashes(sessions: Iterable[ConferenceSession]) -> set[int]:
    """The ids of the sessions that overlap another one in the same list."""
    ordered = sorted(sessions, key=lambda session: (session.starts_at, session.pk))
    clashing: set[int] = set()
    latest_end = None
    latest = None
    for session in ordered:
        if latest is not None and session.starts_at < latest_end:
            clashing.update((session.pk, latest.pk))
        if latest_end is None or session.ends_at > latest_end:
            latest_end, latest = session.ends_at, session
    return clashing
