"""A member's conference agenda as iCalendar: one VEVENT per session they added.

Each session keeps one UID for life (its id and the site's host), so importing the agenda again
updates the sessions already in the calendar instead of doubling them. Times carry the
conference's IANA zone with its VTIMEZONE, as the events' own calendars do.
"""

from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from icalendar import Calendar, Event

from community.core.links import absolute_url, public_host_and_port

from .conference import AgendaEntry, ConferencePage, ConferenceSession
from .services.calendars import PRODUCT_ID


def session_uid(session: ConferenceSession) -> str:
    host, _ = public_host_and_port()
    return f"session-{session.pk}@{host}"


def _vevent(session: ConferenceSession, conference: ConferencePage, *, stamp) -> Event:
    zone = conference.zone
    vevent = Event()
    vevent.add("uid", session_uid(session))
    vevent.add("sequence", conference.sequence)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", session.starts_at.astimezone(zone))
    vevent.add("dtend", session.ends_at.astimezone(zone))
    title = f"Cancelled: {session.title}" if conference.is_cancelled else session.title
    vevent.add("summary", title)
    speakers = ", ".join(
        f"{speaker.display_name} ({speaker.role})" if speaker.role else speaker.display_name
        for speaker in session.speakers.all()
    )
    track = session.track.name if session.track_id else ""
    lines = [
        " · ".join(part for part in (conference.title, track) if part),
        f"With {speakers}" if speakers else "",
        session.abstract,
    ]
    url = absolute_url(conference.url or "")
    if url:
        vevent.add("url", url)
        lines.append(url)
    vevent.add("description", "\n\n".join(line for line in lines if line))
    place = ", ".join(part for part in (session.room, conference.venue_name) if part)
    if place:
        vevent.add("location", place)
    vevent.add("status", "CANCELLED" if conference.is_cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    return vevent


def session_vevents(member) -> list[Event]:
    """Every session in the member's agendas, for their private calendar feed."""
    entries = (
        AgendaEntry.objects.filter(member=member)
        .select_related("session__conference", "session__track")
        .prefetch_related("session__speakers__member")
        .order_by("session__starts_at", "session__pk")
    )
    stamp = timezone.now()
    return [_vevent(entry.session, entry.session.conference, stamp=stamp) for entry in entries]


def agenda_ics(conference: ConferencePage, sessions: Iterable[ConferenceSession]) -> bytes:
    """The member's agenda (`sessions` from `conference_selectors.agenda_sessions`)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{conference.title}: my agenda")
    stamp = timezone.now()
    years = []
    for session in sessions:
        calendar.add_component(_vevent(session, conference, stamp=stamp))
        years.append(session.starts_at.astimezone(conference.zone).year)
    if years:
        calendar.add_missing_timezones(
            first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
        )
    return calendar.to_ical()
