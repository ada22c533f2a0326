"""Times in the member's own zone: a member who named a zone on their profile reads every event
and session time in it, with the zone named and the event's own time beside it; everyone else
reads the event's own zone."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from community.members.models import Profile
from community.notifications.models import Notification
from events import display
from events.notification_kinds import EventKind
from events.pages import EventPage
from events.services import announcements, registrations
from tests.factories import CustomerFactory
from tests.factories.conference import ConferenceFactory, SessionFactory
from tests.factories.events import EventFactory, OnlineEventFactory
from tests.markup import elements

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")


def next_december(day: int, hour: int) -> datetime:
    """A moment in December (winter time on both sides of the Atlantic) that is still ahead."""
    year = timezone.now().year + 1
    return datetime(year, 12, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def new_yorker(db):
    member = CustomerFactory(display_name="Maya Brooks")
    Profile.objects.filter(user=member).update(time_zone="America/New_York")
    return member


@pytest.fixture
def meetup(chapter):
    # 17:00 UTC is 18:00 in Berlin and 12:00 in New York.
    starts_at = next_december(15, 17)
    return EventFactory(
        parent=chapter, title="Journeys night", slug="journeys-night",
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), time_zone="Europe/Berlin",
    )  # fmt: skip


def meta(html: str, prop: str) -> str:
    return next(
        (attrs["content"] for tag, attrs in elements(html) if attrs.get("property") == prop), ""
    )


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_shown_times_are_the_viewers_with_the_events_own_beside():
    starts_at = next_december(15, 17)
    event = EventFactory.build(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), time_zone="Europe/Berlin"
    )

    theirs = display.shown_times(event, ZoneInfo("America/New_York"))

    assert (theirs.clock, theirs.zone_label) == ("12:00–14:00", "EST (America/New York)")
    assert (theirs.own.clock, theirs.own.zone_label) == ("18:00–20:00", "CET (Europe/Berlin)")
    assert display.shown_times(event, ZoneInfo("Europe/Berlin")).own is None
    assert display.shown_times(event, None).zone_label == "CET (Europe/Berlin)"


def test_a_member_with_a_zone_reads_the_listing_in_it(client, new_yorker, meetup):
    client.force_login(new_yorker)

    html = html_of(client, "/events/")

    assert "12:00–14:00" in html and "EST (America/New York)" in html
    assert "Local time: 18:00–20:00 CET (Europe/Berlin)" in html


def test_a_visitor_reads_the_listing_in_the_events_own_zone(client, meetup):
    html = html_of(client, "/events/")

    assert "18:00–20:00" in html and "CET (Europe/Berlin)" in html
    assert "America/New York" not in html


def test_a_member_whose_zone_is_the_events_reads_it_once(client, member, meetup):
    Profile.objects.filter(user=member).update(time_zone="Europe/Berlin")
    client.force_login(member)

    html = html_of(client, "/events/")

    assert "CET (Europe/Berlin)" in html
    assert "Local time:" not in html


@pytest.mark.parametrize(
    ("saved_zone", "browser_line", "your_time"),
    [
        ("", True, False),  # no zone saved: the browser may add its own
        ("Europe/Berlin", False, False),  # the event's own zone: nothing to add
        ("America/New_York", False, True),  # another zone: the server writes it
    ],
)
def test_the_event_page_adds_a_your_time_line_only_when_the_zone_differs(
    client, member, meetup, saved_zone, browser_line, your_time
):
    Profile.objects.filter(user=member).update(time_zone=saved_zone)
    client.force_login(member)

    html = html_of(client, meetup.url)

    assert ("data-local-time=" in html) is browser_line
    assert ("Your time: " in html) is your_time


def test_the_event_page_leads_with_the_viewers_time_and_names_both_zones(
    client, new_yorker, meetup
):
    client.force_login(new_yorker)

    html = html_of(client, meetup.url)
    hero = html[html.index('class="event-hero__when"') :].split("</p>", 1)[0]

    assert "12:00–14:00" in hero and "EST (America/New York)" in hero
    assert "Local time: 18:00–20:00 CET (Europe/Berlin)" in hero
    # Shared previews (Open Graph) keep the event's own zone, whoever loaded the page.
    assert meta(html, "og:description").startswith(f"{meetup.local_starts_at:%a %-d %b %Y}, 18:00")
    assert "CET (Europe/Berlin). " in meta(html, "og:description")


def test_an_online_event_names_the_hosts_zone(client, new_yorker, chapter):
    starts_at = next_december(16, 15)
    webinar = OnlineEventFactory(
        parent=chapter, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1),
        time_zone="Europe/London", join_url="https://meet.example.com/r/1",
    )  # fmt: skip
    client.force_login(new_yorker)

    html = html_of(client, webinar.url)

    assert "10:00–11:00" in html
    assert "Host's time: 15:00–16:00 GMT (Europe/London)" in html


def test_the_chapter_page_lists_its_events_in_the_viewers_zone(client, new_yorker, meetup):
    client.force_login(new_yorker)

    html = html_of(client, meetup.get_parent().url)

    assert "EST (America/New York)" in html
    assert "Local time: 18:00–20:00 CET (Europe/Berlin)" in html


def test_the_conference_schedule_gives_each_slot_in_the_viewers_zone(client, new_yorker):
    conference = ConferenceFactory(time_zone="Europe/Amsterdam")
    first = conference.starts_at.replace(hour=8, minute=0)
    SessionFactory(conference=conference, starts_at=first, ends_at=first + timedelta(hours=1))
    registrations.register(event=conference, member=new_yorker)
    client.force_login(new_yorker)
    amsterdam = first.astimezone(ZoneInfo("Europe/Amsterdam"))
    new_york = first.astimezone(ZoneInfo("America/New_York"))

    for url in (conference.url, reverse("events:agenda", args=[conference.pk])):
        html = html_of(client, url)
        assert "America/New York" in html

    html = html_of(client, conference.url)
    assert f"{amsterdam:%H:%M}</time>" in html
    assert f"{new_york:%H:%M} your time" in html


def test_a_session_on_another_day_for_the_viewer_says_which_day():
    amsterdam, tokyo = ZoneInfo("Europe/Amsterdam"), ZoneInfo("Asia/Tokyo")
    morning = next_december(15, 7)  # 08:00 in Amsterdam, 16:00 the same day in Tokyo
    evening = next_december(15, 20)  # 21:00 in Amsterdam, 05:00 the next day in Tokyo

    assert display.clock_in(morning, tokyo, beside=morning.astimezone(amsterdam)) == "16:00"
    assert display.clock_in(evening, tokyo, beside=evening.astimezone(amsterdam)) == (
        f"{evening.astimezone(tokyo):%a} 05:00"
    )


def test_times_cost_no_query_per_event(client, new_yorker, chapter, django_assert_max_num_queries):
    for day in range(3):
        EventFactory(parent=chapter, starts_at=next_december(1 + day, 17))
    client.force_login(new_yorker)
    client.get("/events/")
    with django_assert_max_num_queries(40) as few:
        client.get("/events/")
    few_queries = len(few.captured_queries)  # read before the next request resets the log
    for day in range(12):
        EventFactory(parent=chapter, starts_at=next_december(4 + day, 17))
    # New pages forget remembered routes (community.core.page_routing): one view routes again.
    client.get("/events/")

    with django_assert_max_num_queries(few_queries):
        html = html_of(client, "/events/")
    assert html.count("EST (America/New York)") == 12


# --- What members are told ------------------------------------------------------------------


def texts_by_member(kind) -> dict[int, str]:
    return dict(Notification.objects.filter(kind=kind).values_list("recipient_id", "text"))


def test_a_reminder_gives_each_member_the_time_in_their_own_zone(new_yorker, member, chapter):
    start = (timezone.now() + timedelta(hours=20)).replace(second=0, microsecond=0)
    event = EventFactory(parent=chapter, starts_at=start, ends_at=start + timedelta(hours=2))
    for person in (new_yorker, member):
        registrations.register(event=event, member=person)

    assert announcements.send_reminder(event_id=event.pk, which="day") == 2

    texts = texts_by_member(EventKind.EVENT_REMINDER)
    new_york = start.astimezone(ZoneInfo("America/New_York"))
    assert f"{new_york:%a %d %b %Y, %H:%M} (America/New_York)" in texts[new_yorker.pk]
    assert f"{event.local_starts_at:%a %d %b %Y, %H:%M} (Europe/Berlin)" in texts[member.pk]


def test_a_new_time_is_announced_in_each_members_zone(new_yorker, member, meetup):
    for person in (new_yorker, member):
        registrations.register(event=meetup, member=person)
    meetup = EventPage.objects.get(pk=meetup.pk)
    meetup.starts_at += timedelta(hours=1)
    meetup.ends_at += timedelta(hours=1)
    meetup.save_revision().publish()

    texts = texts_by_member(EventKind.EVENT_CHANGED)
    new_york = meetup.starts_at.astimezone(ZoneInfo("America/New_York"))
    assert texts[new_yorker.pk] == (
        f"Journeys night now starts {new_york:%a %d %b %Y, %H:%M} (America/New_York)."
    )
    assert "19:00 (Europe/Berlin)" in texts[member.pk]
