"""Calendar files and feeds, parsed back with icalendar as a calendar app reads them."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import CalendarFeed
from events.pages import EventPage
from events.services import calendars, registrations
from tests.factories.events import EventFactory, OnlineEventFactory

pytestmark = pytest.mark.django_db

JOIN = "https://meet.example.com/secret-room-42"


def parsed(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vevents(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def webinar(chapter):
    return OnlineEventFactory(parent=chapter, title="Connectors webinar", join_url=JOIN)


def test_an_event_downloads_as_an_ics_file_in_its_own_time_zone(client, event):
    response = client.get(reverse("events:event_ics", args=[event.pk]))

    calendar = parsed(response)
    assert "attachment" in response["Content-Disposition"]
    (vevent,) = vevents(calendar)
    assert str(vevent["UID"]) == calendars.event_uid(event)
    assert vevent["SEQUENCE"] == 0
    assert str(vevent["STATUS"]) == "CONFIRMED"
    start = vevent.decoded("DTSTART")
    assert start == event.starts_at
    assert start.tzinfo.key == "Europe/Berlin"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert "Alte Münze" in str(vevent["LOCATION"])


def test_a_change_of_time_keeps_the_uid_and_raises_the_sequence(client, event):
    uid = calendars.event_uid(event)
    event = EventPage.objects.get(pk=event.pk)
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    event.save_revision().publish()

    (vevent,) = vevents(parsed(client.get(reverse("events:event_ics", args=[event.pk]))))
    assert str(vevent["UID"]) == uid
    assert vevent["SEQUENCE"] == 1
    assert vevent.decoded("DTSTART") == event.starts_at


def test_a_cancelled_event_shows_as_cancelled(client, event):
    event = EventPage.objects.get(pk=event.pk)
    event.is_cancelled = True
    event.save_revision().publish()

    (vevent,) = vevents(parsed(client.get(reverse("events:event_ics", args=[event.pk]))))
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert vevent["SEQUENCE"] == 1


def test_the_join_link_is_in_no_public_file(client, chapter, webinar, member):
    registrations.register(event=webinar, member=member)

    single = client.get(reverse("events:event_ics", args=[webinar.pk])).content.decode()
    feed = client.get(reverse("events:chapter_feed", args=[chapter.pk])).content.decode()

    assert "secret-room-42" not in single
    assert "secret-room-42" not in feed.replace("\r\n ", "")
    assert "Connectors webinar" in feed


def test_a_chapter_feed_lists_its_published_events(client, chapter, event, webinar):
    EventFactory(title="Elsewhere")  # directly under /events/, not the chapter's

    calendar = parsed(client.get(reverse("events:chapter_feed", args=[chapter.pk])))

    assert sorted(str(v["SUMMARY"]) for v in vevents(calendar)) == [
        "Connectors webinar",
        "Journeys night",
    ]
    assert calendar["REFRESH-INTERVAL"] is not None


def test_a_members_feed_lists_their_registrations_with_their_join_link(
    client, member, event, webinar
):
    registrations.register(event=event, member=member)
    registrations.register(event=webinar, member=member)
    token = calendars.feed_token_for(member)

    calendar = parsed(client.get(reverse("events:member_feed", args=[token])))

    by_title = {str(v["SUMMARY"]): v for v in vevents(calendar)}
    assert set(by_title) == {"Journeys night", "Connectors webinar"}
    assert JOIN in str(by_title["Connectors webinar"]["DESCRIPTION"])
    assert str(by_title["Connectors webinar"]["LOCATION"]) == JOIN
    assert by_title["Connectors webinar"].decoded("DTSTART").tzinfo == ZoneInfo("America/New_York")


def test_a_member_waiting_for_a_seat_gets_no_join_link(client, chapter, others):
    webinar = OnlineEventFactory(parent=chapter, join_url=JOIN, capacity=1)
    registrations.register(event=webinar, member=others[0])
    registrations.register(event=webinar, member=others[1])

    feed = client.get(reverse("events:member_feed", args=[calendars.feed_token_for(others[1])]))

    (vevent,) = vevents(parsed(feed))
    assert "secret-room-42" not in feed.content.decode().replace("\r\n ", "")


def test_a_cancelled_registration_leaves_the_feed(client, member, event):
    registrations.register(event=event, member=member)
    registrations.cancel(event=event, member=member)

    feed = parsed(
        client.get(reverse("events:member_feed", args=[calendars.feed_token_for(member)]))
    )

    assert vevents(feed) == []


def test_resetting_the_feed_address_retires_the_old_one(client, member):
    old = calendars.feed_token_for(member)
    client.force_login(member)

    response = client.post(reverse("events:reset_calendar"), HTTP_ACCEPT="application/json")

    new = CalendarFeed.objects.get(member=member).token
    assert new != old
    assert response.json()["feed_url"].endswith(f"/events/calendar/{new}.ics")
    assert client.get(reverse("events:member_feed", args=[old])).status_code == 404
    assert client.get(reverse("events:member_feed", args=[new])).status_code == 200


def test_the_feed_page_shows_the_members_address(client, member):
    client.force_login(member)
    response = client.get(reverse("events:my_calendar"))
    assert response.status_code == 200
    assert calendars.feed_token_for(member) in response.content.decode()


def test_an_unpublished_event_has_no_ics(client, event):
    event.unpublish()
    assert client.get(reverse("events:event_ics", args=[event.pk])).status_code == 404


def test_times_are_correct_across_a_daylight_saving_change(client, chapter):
    # 30 March 2027, after Europe moved its clocks but while New York already had.
    start = timezone.datetime(2027, 3, 30, 16, 0, tzinfo=ZoneInfo("UTC"))
    event = EventFactory(parent=chapter, starts_at=start, ends_at=start + timedelta(hours=1))

    (vevent,) = vevents(parsed(client.get(reverse("events:event_ics", args=[event.pk]))))
    assert vevent.decoded("DTSTART").hour == 18  # 16:00 UTC is 18:00 CEST
    assert vevent.decoded("DTSTART") == start
