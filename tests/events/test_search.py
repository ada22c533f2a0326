"""Events and chapters in the one community search: found by their words, in the status facet as
upcoming or past, and never by their join link."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from community.search import indexing
from community.search.models import SearchEntry
from events.search import reindex_ended_events
from tests.factories.events import ChapterFactory, EventFactory, OnlineEventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_search(settings):
    settings.COMMUNITY_SEARCH_BACKEND = "database"


@pytest.fixture
def indexed(database_search, chapter):
    upcoming = OnlineEventFactory(
        parent=chapter,
        title="Lifecycle automation night",
        summary="Short talks on lifecycle automation.",
        join_url="https://meet.example.com/zebra-quokka-room",
    )
    start = timezone.now() - timedelta(days=30)
    past = EventFactory(
        parent=chapter,
        title="Lifecycle automation retrospective",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    indexing.rebuild()
    return upcoming, past


def results(client, **params) -> str:
    """The results page as read: tags dropped (highlights split words from their neighbours)."""
    response = client.get("/search/", params)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def test_events_are_found_in_the_community_search(client, indexed):
    html = results(client, q="lifecycle automation")

    assert "Lifecycle automation night" in html
    assert "Lifecycle automation retrospective" in html
    assert "Berlin chapter" in html


def test_the_status_facet_tells_upcoming_from_past(client, indexed):
    upcoming = results(client, q="lifecycle automation", status="upcoming")
    past = results(client, q="lifecycle automation", status="past")

    assert "Lifecycle automation night" in upcoming
    assert "retrospective" not in upcoming
    assert "Lifecycle automation retrospective" in past
    assert "Lifecycle automation night" not in past


def test_the_facet_names_the_statuses(client, indexed):
    html = results(client, q="lifecycle")
    assert "Upcoming" in html
    assert "Past" in html


def test_the_join_link_is_never_indexed_nor_found(client, indexed):
    event, _ = indexed

    entry = SearchEntry.objects.get(kind="event", object_id=event.pk)

    assert "zebra" not in f"{entry.title} {entry.body} {entry.tags_text} {entry.url}"
    assert "Lifecycle automation night" not in results(client, q="zebra quokka")


def test_an_event_that_ended_moves_to_past(
    database_search, chapter, django_capture_on_commit_callbacks
):
    start = timezone.now() - timedelta(hours=3)
    event = EventFactory(
        parent=chapter, title="Just finished", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    indexing.rebuild()
    # As it was indexed before it ended: nothing is saved at the moment an event ends.
    SearchEntry.objects.filter(kind="event", object_id=event.pk).update(status="upcoming")

    with django_capture_on_commit_callbacks(execute=True):
        assert reindex_ended_events() == 1

    assert SearchEntry.objects.get(kind="event", object_id=event.pk).status == "past"


def test_publishing_indexes_and_unpublishing_removes(
    database_search, chapter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = EventFactory(parent=chapter, title="Freshly announced meetup")
    assert SearchEntry.objects.filter(kind="event", object_id=event.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        event.unpublish()

    assert not SearchEntry.objects.filter(kind="event", object_id=event.pk).exists()


def test_chapters_are_found_by_city(client, database_search):
    ChapterFactory(title="Lisbon chapter", slug="lisbon", city="Lisbon")
    indexing.rebuild()

    assert "Lisbon chapter" in results(client, q="lisbon")
