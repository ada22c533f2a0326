"""Chapters and events as members, chapter leaders and conference attendees use them.

A member finds a chapter event near them, registers, takes it to their calendar and cancels, and
the first member waiting is promoted and told live; a chapter leader edits their own chapter's
event (and no other chapter's) and checks an attendee in on a phone; an attendee builds their
conference agenda and takes it to their calendar.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from community.members.models import Country
from events.models import Registration, RegistrationStatus
from events.services import chapters, registrations
from tests.e2e.conftest import PHONE
from tests.e2e.live import wait_for_live_socket
from tests.factories import CustomerFactory
from tests.factories.conference import ConferenceFactory, SessionFactory
from tests.factories.events import ChapterFactory, EventFactory

# The database lives as long as the run: each test names its chapters and events apart.
NUMBERS = itertools.count(1)


def soon(hours: float) -> timezone.datetime:
    """A start that puts the event first in the upcoming listing (soonest first)."""
    return (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)


def downloaded_calendar(page: Page, link_name: str) -> Calendar:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    return Calendar.from_ical(Path(download.value.path()).read_bytes())


def test_a_member_registers_near_them_cancels_and_the_first_waiting_is_told_live(
    new_context, sign_in
):
    number = next(NUMBERS)
    germany = Country.objects.get(code="DE")
    finder = CustomerFactory(display_name="Jonas Weber", profile__country=germany)
    waiting = CustomerFactory(display_name="Mira Schulz", profile__country=germany)
    chapter = ChapterFactory(
        title=f"Leipzig chapter {number}", slug=f"leipzig-{number}", city="Leipzig", country=germany
    )
    event = EventFactory(
        parent=chapter,
        title=f"Journeys that customers finish, Leipzig {number}",
        slug=f"journeys-leipzig-{number}",
        starts_at=soon(20),
        ends_at=soon(22),
        time_zone="Europe/Berlin",
        capacity=1,
    )

    context = new_context()
    sign_in(context, finder)
    page = context.new_page()
    page.goto("/events/")
    page.get_by_label("Near me").check()
    page.get_by_role("button", name="Show events").click()
    page.wait_for_url("**near=1*")
    page.get_by_role("link", name=event.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(event.title)
    expect(page.locator(".event-hero__when")).to_contain_text("(Europe/Berlin)")

    page.get_by_role("button", name="Register").click()
    expect(page.locator("[data-event-rsvp]")).to_contain_text("You're registered")
    expect(page.locator("[data-event-rsvp]")).to_contain_text("Full")

    calendar = downloaded_calendar(page, "Add to calendar (.ics)")
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent["UID"]
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]

    # The second member finds the event full and waits, their page listening for news.
    waiting_context = new_context()
    sign_in(waiting_context, waiting)
    listener = waiting_context.new_page()
    listener.goto(event.url)
    listener.get_by_role("button", name="Join the waitlist").click()
    expect(listener.locator("[data-event-rsvp]")).to_contain_text("number 1 on the waitlist")
    listener.goto("/events/")
    wait_for_live_socket(listener)

    page.get_by_role("button", name="Cancel my registration").click()
    # The seat went at once to the member waiting: the event is full again.
    expect(page.locator("[data-event-rsvp]")).to_contain_text("Join the waitlist")

    expect(listener.locator("[data-notification-bell]")).to_have_attribute(
        "aria-label", "Notifications, 1 unread"
    )
    expect(listener.locator("[data-toasts] [data-toast-item]")).to_contain_text(event.title)
    listener.locator("[data-toasts] [data-toast-item] a").first.click()
    expect(listener.locator("[data-event-rsvp]")).to_contain_text("You're registered")
    assert Registration.objects.get(event=event, member=waiting).status == "registered"


def test_a_chapter_leader_edits_only_their_chapters_events_and_checks_in_on_a_phone(
    new_context, sign_in, page_watch
):
    number = next(NUMBERS)
    leader = CustomerFactory(display_name="Lena Vogel", email=f"lena.{number}@example.com")
    attendee = CustomerFactory(display_name="Ana Souza")
    own = ChapterFactory(title=f"Hamburg chapter {number}", slug=f"hamburg-{number}")
    other = ChapterFactory(title=f"Lyon chapter {number}", slug=f"lyon-{number}", city="Lyon")
    chapters.make_leaders(chapter=own, member_emails=[leader.email])
    ours = EventFactory(parent=own, title=f"Hamburg meetup {number}", slug=f"hh-{number}")
    theirs = EventFactory(parent=other, title=f"Lyon meetup {number}", slug=f"ly-{number}")
    registration = registrations.register(event=ours, member=attendee)

    context = new_context()
    sign_in(context, leader)
    admin = context.new_page()
    admin.goto(f"/admin/pages/{ours.pk}/edit/")
    admin.locator("#id_title").fill(f"Hamburg meetup {number}, now with pizza")
    admin.get_by_role("button", name="More actions").click()
    admin.get_by_role("button", name="Publish").click()
    expect(admin.locator(".messages")).to_contain_text("published")
    ours.refresh_from_db()
    assert ours.title == f"Hamburg meetup {number}, now with pizza"

    # Another chapter's event: turned away, nothing to edit.
    edit_theirs = f"/admin/pages/{theirs.pk}/edit/"
    page_watch.allow(status=403, path=edit_theirs)
    admin.goto(edit_theirs)
    expect(admin.locator("#id_title")).to_have_count(0)
    theirs.refresh_from_db()
    assert theirs.title == f"Lyon meetup {number}"

    # At the door, on a phone: the attendee's code, typed as read from their screen.
    phone_context = new_context(viewport=PHONE)
    sign_in(phone_context, leader)
    door = phone_context.new_page()
    door.goto(ours.url)
    door.get_by_role("link", name="Check-in").click()
    expect(door.get_by_role("heading", level=1)).to_have_text("Check-in")
    field = door.get_by_label("Registration code")
    expect(field).to_be_visible()
    width = door.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the check-in page scrolls sideways ({width}px)"
    field.fill(registration.code.lower())
    door.get_by_role("button", name="Check in").click()
    expect(door.locator("#main")).to_contain_text("Ana Souza is checked in")
    expect(door.locator(".check-in__count")).to_contain_text("1 of 1 checked in")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED


def test_an_attendee_builds_a_conference_agenda_that_imports_into_a_calendar(new_context, sign_in):
    number = next(NUMBERS)
    attendee = CustomerFactory(display_name="Priya Nair")
    conference = ConferenceFactory(
        title=f"Northwind Connect {number}", slug=f"connect-{number}", time_zone="Europe/Amsterdam"
    )
    tracks = list(conference.tracks.all())
    first_day = conference.starts_at
    keynote = SessionFactory(
        conference=conference, track=tracks[0], title=f"Keynote {number}: journeys at scale",
        starts_at=first_day, ends_at=first_day + timedelta(minutes=45),
    )  # fmt: skip
    workshop = SessionFactory(
        conference=conference, track=tracks[1], title=f"Workshop {number}: data sync",
        starts_at=first_day + timedelta(hours=1), ends_at=first_day + timedelta(hours=2),
    )  # fmt: skip
    clash = SessionFactory(
        conference=conference, track=tracks[2], title=f"Panel {number}: customer stories",
        starts_at=first_day + timedelta(hours=1, minutes=30), ends_at=first_day + timedelta(hours=2),
    )  # fmt: skip
    registrations.register(event=conference, member=attendee)

    context = new_context()
    sign_in(context, attendee)
    page = context.new_page()
    page.goto(conference.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(conference.title)
    for session in (keynote, workshop, clash):
        card = page.locator(f"#session-{session.pk}")
        expect(card).to_contain_text(session.title)
        card.get_by_role("button", name="Add to my agenda").click()
        expect(page.locator(f"#session-{session.pk}")).to_contain_text("In your agenda")
    expect(page.locator(f"#session-{clash.pk}")).to_contain_text("Clashes with another session")

    page.get_by_role("link", name="My agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My agenda")
    expect(page.locator(".page-header__lead")).to_contain_text("3 sessions")
    expect(page.locator(".page-header__lead")).to_contain_text("overlap")
    # The attendee settles the clash before the day.
    page.locator(f"#session-{clash.pk}").get_by_role("button", name="Remove from my agenda").click()
    expect(page.locator(".page-header__lead")).to_contain_text("2 sessions")

    calendar = downloaded_calendar(page, "Add to my calendar (.ics)")
    events = calendar.walk("VEVENT")
    assert sorted(str(vevent["SUMMARY"]) for vevent in events) == sorted(
        [keynote.title, workshop.title]
    )
    assert len({str(vevent["UID"]) for vevent in events}) == 2
    for vevent in events:
        assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert {vevent.decoded("DTSTART") for vevent in events} == {
        keynote.starts_at,
        workshop.starts_at,
    }
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
