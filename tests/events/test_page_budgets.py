"""Query budgets of the events screens the page tests do not already count: the organisers'
list, CSV and check-in, the member's calendar page and every calendar file and feed. Each costs
the same with a few rows as with many (the listing, chapter, event, conference and agenda pages
are counted beside their own tests)."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from events.services import agenda, calendars, registrations
from tests.factories import CustomerFactory
from tests.factories.conference import ConferenceFactory, SessionFactory
from tests.factories.events import ChapterFactory, EventFactory

pytestmark = pytest.mark.django_db

# Session, member and profile, the route, the event and who may organise it, the rows, the bell.
BUDGET = 22


@pytest.fixture
def leader(db):
    return CustomerFactory(display_name="Lena Vogel")


@pytest.fixture
def chapter(leader):
    return ChapterFactory(title="Hamburg chapter", slug="hamburg", leaders=[leader])


@pytest.fixture
def event(chapter):
    return EventFactory(parent=chapter, title="Hamburg meetup", capacity=200)


def grow(event, chapter, member, count: int) -> None:
    """`count` more registrations for the event and as many events in the member's calendar."""
    for _ in range(count):
        registrations.register(event=event, member=CustomerFactory())
        registrations.register(event=EventFactory(parent=chapter, capacity=5), member=member)


def assert_flat(client, url: str, more: Callable[[], None], assert_max) -> None:
    assert client.get(url).status_code == 200
    with assert_max(BUDGET) as few:
        assert client.get(url).status_code == 200
    more()
    with assert_max(len(few.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "screen", ["events:registrations", "events:registrations_csv", "events:check_in"]
)
def test_organiser_screens_cost_the_same_for_few_or_many_registrations(
    client, leader, chapter, event, screen, django_assert_max_num_queries
):
    member = CustomerFactory()
    grow(event, chapter, member, 2)
    client.force_login(leader)

    assert_flat(
        client,
        reverse(screen, args=[event.pk]),
        lambda: grow(event, chapter, member, 15),
        django_assert_max_num_queries,
    )


def test_checking_someone_in_costs_the_same_for_few_or_many(
    client, leader, chapter, event, django_assert_max_num_queries
):
    member = CustomerFactory()
    grow(event, chapter, member, 2)
    first, second = (
        registrations.register(event=event, member=CustomerFactory()) for _ in range(2)
    )
    client.force_login(leader)
    url = reverse("events:check_in", args=[event.pk])
    with django_assert_max_num_queries(BUDGET + 10) as few:
        client.post(url, {"code": first.code})
    grow(event, chapter, member, 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.post(url, {"code": second.code}).status_code == 302


@pytest.mark.parametrize("screen", ["my_calendar", "member_feed"])
def test_the_members_calendar_costs_the_same_for_few_or_many_events(
    client, chapter, event, screen, django_assert_max_num_queries
):
    member = CustomerFactory()
    grow(event, chapter, member, 2)
    client.force_login(member)
    url = (
        reverse("events:my_calendar")
        if screen == "my_calendar"
        else reverse("events:member_feed", args=[calendars.feed_token_for(member)])
    )

    assert_flat(
        client, url, lambda: grow(event, chapter, member, 15), django_assert_max_num_queries
    )


def test_an_events_file_and_its_chapters_feed_cost_the_same_for_few_or_many(
    client, chapter, event, django_assert_max_num_queries
):
    member = CustomerFactory()
    grow(event, chapter, member, 2)

    for url in (
        reverse("events:event_ics", args=[event.pk]),
        reverse("events:chapter_feed", args=[chapter.pk]),
    ):
        assert_flat(
            client, url, lambda: grow(event, chapter, member, 8), django_assert_max_num_queries
        )


def test_the_agenda_file_costs_the_same_for_few_or_many_sessions(
    client, django_assert_max_num_queries
):
    conference = ConferenceFactory()
    attendee = CustomerFactory()
    registrations.register(event=conference, member=attendee)

    def add_sessions(count: int) -> None:
        for _ in range(count):
            session = SessionFactory(conference=conference)
            agenda.add_session(session=session, member=attendee)

    add_sessions(1)
    client.force_login(attendee)
    assert_flat(
        client,
        reverse("events:agenda_ics", args=[conference.pk]),
        lambda: add_sessions(12),
        django_assert_max_num_queries,
    )
