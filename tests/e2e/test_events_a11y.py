"""The events pages in the accessibility gate, at desktop and phone width, as the people who
use them see them: visitors, a member holding a seat, a conference attendee, a chapter leader at
the door and a community manager naming leaders.

With E2E_SCREENSHOTS=<folder>, each page is also saved there as a full-page PNG
(`events-<page>-<width>.png`) to look at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.members.models import Country, Profile
from events.services import agenda, chapters, registrations
from tests.e2e.shots import scene_fixture, shot
from tests.e2e.test_a11y import assert_accessible
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.conference import ConferenceFactory, SessionFactory
from tests.factories.events import ChapterFactory, EventFactory, OnlineEventFactory


@dataclass
class EventsScene:
    member: object
    leader: object
    manager: object
    chapter: object
    event: object
    full_event: object
    webinar: object
    conference: object


def build_scene() -> EventsScene:
    germany = Country.objects.get(code="DE")
    member = CustomerFactory(display_name="Sofia Marques", profile__country=germany)
    # Reads every time in New York's zone, with the event's own beside it.
    Profile.objects.filter(user=member).update(time_zone="America/New_York")
    member.refresh_from_db()
    leader = CustomerFactory(display_name="Lena Vogel", profile__job_title="CRM lead, Nordwerk")
    manager = CommunityManagerFactory()
    chapter = ChapterFactory(
        title="Berlin chapter", slug="berlin-a11y", city="Berlin", country=germany
    )
    chapters.make_leaders(chapter=chapter, member_emails=[leader.email])
    start = (timezone.now() + timedelta(days=9)).replace(hour=17, minute=0, second=0)
    event = EventFactory(
        parent=chapter,
        title="Lifecycle journeys that customers finish",
        slug="journeys-a11y",
        starts_at=start,
        ends_at=start + timedelta(hours=2, minutes=30),
        capacity=40,
    )
    full_event = EventFactory(
        parent=chapter,
        title="Office hours: connectors and data sync",
        slug="office-hours-a11y",
        starts_at=start + timedelta(days=14),
        ends_at=start + timedelta(days=14, hours=2),
        capacity=1,
    )
    webinar = OnlineEventFactory(
        title="Scoring leads from webinar attendance",
        slug="scoring-webinar-a11y",
        starts_at=start + timedelta(days=3),
        ends_at=start + timedelta(days=3, hours=1),
        time_zone="Europe/London",
        join_url="https://meet.example.com/r/scoring",
    )
    for person in (member, CustomerFactory(display_name="Tomás Ruiz")):
        registrations.register(event=event, member=person)
    registrations.register(event=full_event, member=CustomerFactory(display_name="Aiko Tanaka"))
    registrations.register(event=full_event, member=member)  # waiting, number 1
    conference = ConferenceFactory(title="Northwind Connect", slug="connect-a11y")
    tracks = list(conference.tracks.all())
    first = conference.starts_at
    titles = [
        "Opening keynote: the year in journeys",
        "Consent-first data sync with your CRM",
        "How Loja Azul doubled repeat orders",
        "Scoring that sales trusts",
        "Workshop: segments in practice",
        "Service Hub teams compare notes",
    ]
    for number, title in enumerate(titles):
        session = SessionFactory(
            conference=conference,
            track=tracks[number % 3],
            title=title,
            starts_at=first + timedelta(hours=number // 3),
            ends_at=first + timedelta(hours=number // 3, minutes=45),
            capacity=60 if number == 4 else None,
        )
        if number in (0, 1, 3):
            registrations.register(event=conference, member=member)
            agenda.add_session(session=session, member=member)
    return EventsScene(
        member=member,
        leader=leader,
        manager=manager,
        chapter=chapter,
        event=event,
        full_event=full_event,
        webinar=webinar,
        conference=conference,
    )


scene = scene_fixture(build_scene)


# (name, who opens it: None for a visitor or the scene's attribute, the address)
PAGES: list[tuple[str, str | None, Callable[[EventsScene], str]]] = [
    ("listing", None, lambda s: "/events/"),
    ("listing-member", "member", lambda s: "/events/"),
    ("listing-past", None, lambda s: "/events/?when=past"),
    ("event", None, lambda s: s.event.url),
    ("event-registered", "member", lambda s: s.event.url),
    ("event-waitlisted", "member", lambda s: s.full_event.url),
    ("webinar-registered", "member", lambda s: s.webinar.url),
    ("chapter", "member", lambda s: s.chapter.url),
    ("conference", "member", lambda s: s.conference.url),
    ("agenda", "member", lambda s: reverse("events:agenda", args=[s.conference.pk])),
    ("my-calendar", "member", lambda s: reverse("events:my_calendar")),
    ("registrations", "leader", lambda s: reverse("events:registrations", args=[s.event.pk])),
    ("check-in", "leader", lambda s: reverse("events:check_in", args=[s.event.pk])),
    ("profile-time-zone", "member", lambda s: reverse("members:edit_profile")),
]

ADMIN_PAGES: list[tuple[str, Callable[[EventsScene], str]]] = [
    ("admin-chapter-leaders", lambda s: reverse("wagtailadmin_pages:edit", args=[s.chapter.pk])),
    ("admin-make-leader", lambda s: reverse("events_make_leader")),
]


@pytest.mark.parametrize(("name", "who", "address"), PAGES, ids=[name for name, _, _ in PAGES])
def test_events_page_has_no_serious_violations(
    new_context, sign_in, scene, viewport, name, who, address
):
    context = new_context(viewport=viewport)
    if who:
        sign_in(context, getattr(scene, who))
    page = context.new_page()
    if who == "member" and name == "webinar-registered":
        registrations.register(event=scene.webinar, member=scene.member)
    page.goto(address(scene))
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the page scrolls sideways ({width}px)"
    shot(page, f"events-{name}", width=True)


@pytest.mark.parametrize(("name", "address"), ADMIN_PAGES, ids=[name for name, _ in ADMIN_PAGES])
def test_events_admin_screen_has_no_serious_violations(new_context, sign_in, scene, name, address):
    context = new_context()
    sign_in(context, scene.manager)
    page = context.new_page()
    page.goto(address(scene))
    if name == "admin-chapter-leaders":
        # The leaders field's search, with a few members found.
        page.get_by_label("Add a member").fill("Vogel")
        page.locator("[data-member-search-results] button").first.wait_for()
    assert_accessible(
        page, exclude=[".Draftail-Editor [contenteditable]", ".ui-autocomplete-input"]
    )
    shot(page, f"events-{name}", width=True)
