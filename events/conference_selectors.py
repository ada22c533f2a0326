"""Reads for the conference: its schedule by day, time and track, and a member's agenda with
clashes flagged. A fixed number of queries whatever the number of sessions or attendees."""

from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from . import display
from .conference import AgendaEntry, ConferencePage, ConferenceSession, SessionSpeaker
from .services.agenda import clashes, holds_conference_seat


@dataclass
class Slot:
    """Sessions starting at the same time: one row of the schedule."""

    starts_at: datetime
    sessions: list[ConferenceSession]
    # The start in the viewer's zone ("08:00", "Wed 01:00") when it differs from the conference's.
    your_time: str = ""


@dataclass
class Day:
    day: date
    number: int
    slots: list[Slot] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"day-{self.number}"


def sessions_of(conference: ConferencePage) -> QuerySet[ConferenceSession]:
    speakers = SessionSpeaker.objects.select_related("member").order_by("sort_order", "pk")
    return (
        ConferenceSession.objects.filter(conference=conference)
        .select_related("track")
        .prefetch_related(Prefetch("speakers", queryset=speakers))
        .order_by("starts_at", "track__sort_order", "pk")
    )


def agenda_session_ids(member, conference: ConferencePage) -> set[int]:
    if not member.is_authenticated:
        return set()
    return set(
        AgendaEntry.objects.filter(member=member, session__conference=conference).values_list(
            "session_id", flat=True
        )
    )


def agenda_sessions(member, conference: ConferencePage) -> list[ConferenceSession]:
    """The sessions in the member's agenda, in time order."""
    return list(sessions_of(conference).filter(agenda_entries__member=member))


def by_day(
    conference: ConferencePage, sessions: list[ConferenceSession], *, yours: ZoneInfo | None = None
) -> list[Day]:
    """Days in the conference's own time zone, each as time slots; each slot also says its time
    in the viewer's zone `yours` when that is another."""
    zone = conference.zone
    if yours is not None and yours.key == zone.key:
        yours = None
    days = []
    for number, (day, of_day) in enumerate(
        groupby(sessions, key=lambda session: session.local_day(zone)), start=1
    ):
        slots = []
        for starts_at, group in groupby(of_day, key=lambda session: session.starts_at):
            local = starts_at.astimezone(zone)
            slot = Slot(starts_at=local, sessions=list(group))
            if yours is not None:
                slot.your_time = display.clock_in(starts_at, yours, beside=local)
            slots.append(slot)
        days.append(Day(day=day, number=number, slots=slots))
    return days


def _mark(sessions: list[ConferenceSession], chosen: set[int]) -> None:
    """Per-session flags the templates read: in the viewer's agenda, clashing within it."""
    clashing = clashes([session for session in sessions if session.pk in chosen])
    for session in sessions:
        session.in_agenda = session.pk in chosen
        session.clashes = session.pk in clashing


def _zones(conference: ConferencePage, viewer) -> dict[str, Any]:
    """The conference's zone label, and the viewer's zone and label when theirs is another."""
    yours = display.viewer_times(conference, display.viewer_zone(viewer))
    return {
        "zone_label": display.event_times(conference).zone_label,
        "your_zone": ZoneInfo(yours.zone_name) if yours else None,
        "your_zone_label": yours.zone_label if yours else "",
    }


def schedule_context(conference: ConferencePage, *, viewer) -> dict[str, Any]:
    """The conference page's schedule, and what this viewer may do with it."""
    sessions = list(sessions_of(conference))
    is_attendee = holds_conference_seat(viewer, conference)
    chosen = agenda_session_ids(viewer, conference) if is_attendee else set()
    _mark(sessions, chosen)
    zones = _zones(conference, viewer)
    return {
        "conference": conference,
        "days": by_day(conference, sessions, yours=zones["your_zone"]),
        **zones,
        "tracks": list(conference.tracks.all()),
        "is_attendee": is_attendee,
        "agenda_count": len(chosen),
        "agenda_url": reverse("events:agenda", args=[conference.pk]),
    }


def agenda_context(conference: ConferencePage, *, member) -> dict[str, Any]:
    """The member's own schedule: their sessions by day, clashes flagged."""
    sessions = agenda_sessions(member, conference)
    _mark(sessions, {session.pk for session in sessions})
    zones = _zones(conference, member)
    return {
        "conference": conference,
        "days": by_day(conference, sessions, yours=zones["your_zone"]),
        **zones,
        "session_count": len(sessions),
        "clash_count": sum(1 for session in sessions if session.clashes),
        "is_attendee": holds_conference_seat(member, conference),
        "ics_url": reverse("events:agenda_ics", args=[conference.pk]),
    }
