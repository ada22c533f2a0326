"""Events as iCalendar: one event's `.ics` file, a member's private feed of their registrations
and a chapter's public feed.

What calendar apps need to keep up: each event has one UID for life and a SEQUENCE the
announcements raise on every change of time or place; a cancelled event stays in the feed with
STATUS:CANCELLED, so subscribers see it struck out rather than silently gone. Times carry the
event's IANA zone (TZID) with its VTIMEZONE definition, which Outlook requires and Google and
Apple accept. The online join link goes only into the member's own feed, and only for events
where they hold a seat.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from community.core.links import absolute_url, public_host_and_port

from ..models import CalendarFeed, Registration, RegistrationStatus
from ..pages import ChapterPage, EventFormat, EventPage

PRODUCT_ID = "-//Community platform//Events//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often subscribed calendars should look again (Apple and Outlook read these).
REFRESH_INTERVAL = "PT6H"


def event_uid(event: EventPage) -> str:
    """Never changes for an event, whatever happens to its title, time or address."""
    host, _ = public_host_and_port()
    return f"event-{event.pk}@{host}"


def _location(event: EventPage) -> str:
    place = ", ".join(part for part in (event.venue_name, " ".join(event.address.split())) if part)
    if event.is_online and not place:
        return "Online"
    return place


def _vevent(event: EventPage, *, join_url: str = "", stamp: datetime) -> Event:
    vevent = Event()
    vevent.add("uid", event_uid(event))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", event.last_published_at or stamp)
    vevent.add("dtstart", event.local_starts_at)
    vevent.add("dtend", event.local_ends_at)
    title = f"Cancelled: {event.title}" if event.is_cancelled else event.title
    vevent.add("summary", title)
    url = absolute_url(event.url or "")
    description = [event.summary]
    if join_url:
        description.append(f"Join online: {join_url}")
    if url:
        description.append(url)
        vevent.add("url", url)
    vevent.add("description", "\n\n".join(part for part in description if part))
    location = _location(event)
    if join_url and event.format == EventFormat.ONLINE:
        # Where an online event happens is its link; calendar apps make it clickable.
        location = join_url
    if location:
        vevent.add("location", location)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    return vevent


def _calendar(
    name: str, events: Iterable[tuple[EventPage, str]], *, feed: bool, extra: Iterable[Event] = ()
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if feed:
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH_INTERVAL)
    stamp = timezone.now()
    years = []
    for event, join_url in events:
        calendar.add_component(_vevent(event, join_url=join_url, stamp=stamp))
        years += [event.local_starts_at.year, event.local_ends_at.year]
    for component in extra:
        # Other entries of the member's calendar, such as their conference sessions.
        calendar.add_component(component)
        years.append(component.decoded("dtstart").year)
    if years:
        # Zone definitions only for the years the events span, to keep feeds small.
        calendar.add_missing_timezones(
            first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1)
        )
    return calendar.to_ical()


def event_ics(event: EventPage) -> bytes:
    """One event, as anyone may download it: never with the join link."""
    return _calendar(event.title, [(event, "")], feed=False)


def chapter_ics(chapter: ChapterPage, events: Iterable[EventPage]) -> bytes:
    """A chapter's public feed (`events` from the selector): never with join links."""
    return _calendar(f"{chapter.title} events", [(event, "") for event in events], feed=True)


def member_ics(
    member, registrations: Iterable[Registration], *, site_name: str, extra: Iterable[Event] = ()
) -> bytes:
    """The member's own feed: the events they are registered for or waiting for, with the join
    link of online events where they hold a seat, and `extra` entries (their conference
    sessions)."""
    entries = []
    for registration in registrations:
        event = registration.event
        holds_seat = registration.status in (
            RegistrationStatus.REGISTERED,
            RegistrationStatus.ATTENDED,
        )
        entries.append((event, event.join_url if holds_seat and event.is_online else ""))
    return _calendar(f"{site_name}: my events", entries, feed=True, extra=extra)


def feed_token_for(member) -> str:
    """The secret in the address of the member's private feed, made on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(member=member)
    return feed.token


@transaction.atomic
def reset_feed_token(*, member) -> str:
    """A new secret: the old feed address stops working at once (a leaked link, a lost phone)."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(member=member)
    if not created:
        feed.token = CalendarFeed._meta.get_field("token").default()
        feed.save(update_fields=["token", "created_at"])
    return feed.token
