"""How events read on pages: their times with the zone named, and the QR code a member shows
at the door. Plain functions of the row, so listings format without queries."""

import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import segno
from django.utils.safestring import SafeString, mark_safe

from .pages import EventPage


@dataclass(frozen=True)
class Times:
    """An event's start and end in one zone, ready for a page."""

    starts_at: datetime
    ends_at: datetime
    zone_name: str
    # The event's times in its own zone, when these are the viewer's and differ from them.
    own: "Times | None" = None

    @property
    def same_day(self) -> bool:
        return self.starts_at.date() == self.ends_at.date()

    @property
    def zone_label(self) -> str:
        """ "CET (Europe/Berlin)": the abbreviation people know and the name that is exact.
        Zones without a lettered abbreviation ("+04") go by their name alone."""
        abbreviation = self.starts_at.tzname() or ""
        if not abbreviation.isalpha() or abbreviation == self.zone_name:
            return self.zone_name.replace("_", " ")
        return f"{abbreviation} ({self.zone_name.replace('_', ' ')})"

    @property
    def day(self) -> str:
        return str(self.starts_at.day)

    @property
    def month(self) -> str:
        return f"{self.starts_at:%b}"

    @property
    def date_text(self) -> str:
        return f"{self.starts_at:%-d %B %Y}"

    @property
    def clock(self) -> str:
        """ "18:00–20:00" for an event within a day, the full `text` otherwise."""
        if self.same_day:
            return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
        return self.text

    @property
    def text(self) -> str:
        """ "Tue 15 Dec 2026, 18:00–20:00", or both dates when it spans days."""
        start = f"{self.starts_at:%a %-d %b %Y, %H:%M}"
        if self.same_day:
            return f"{start}–{self.ends_at:%H:%M}"
        return f"{start} – {self.ends_at:%a %-d %b %Y, %H:%M}"


def zone_or_none(name: str) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def viewer_zone(viewer) -> ZoneInfo | None:
    """The member's own time zone when their profile names one; None for visitors and members
    who have not said (pages then show the event's zone only)."""
    if not viewer.is_authenticated:
        return None
    profile = getattr(viewer, "profile", None)
    return zone_or_none(getattr(profile, "time_zone", "") or "")


def times_in(event: EventPage, zone: ZoneInfo) -> Times:
    return Times(event.starts_at.astimezone(zone), event.ends_at.astimezone(zone), zone.key)


def event_times(event: EventPage) -> Times:
    """In the event's own zone, where it happens (or is hosted from)."""
    return times_in(event, event.zone)


def viewer_times(event: EventPage, zone: ZoneInfo | None) -> Times | None:
    """In the viewer's zone, when known and not the event's own."""
    if zone is None or zone.key == event.zone.key:
        return None
    return times_in(event, zone)


def shown_times(event: EventPage, zone: ZoneInfo | None) -> Times:
    """What a listing shows: the viewer's times when their zone is known and differs, with the
    event's own in `own`; the event's own times otherwise."""
    theirs = viewer_times(event, zone)
    if theirs is None:
        return event_times(event)
    return Times(theirs.starts_at, theirs.ends_at, theirs.zone_name, own=event_times(event))


def clock_in(moment: datetime, zone: ZoneInfo, *, beside: datetime) -> str:
    """ "08:00", or "Wed 01:00" when the day differs from `beside`'s (a session's time for
    a viewer far from the conference)."""
    local = moment.astimezone(zone)
    if local.date() != beside.date():
        return f"{local:%a %H:%M}"
    return f"{local:%H:%M}"


def qr_svg(text: str) -> SafeString:
    """A QR code of `text` as inline SVG, sized by its container (viewBox, no width/height)."""
    code = segno.make(text, error="m")
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=1,
        border=2,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
        dark="#0b1020",
        light="#ffffff",
    )
    # segno writes only its own markup: no text of ours ends up in the SVG but as modules.
    return mark_safe(out.getvalue().decode())  # noqa: S308
