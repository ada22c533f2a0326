"""A chapter's page: its leaders, joining and leaving, its upcoming and past events, its feed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CustomerFactory
from tests.factories.events import ChapterFactory, ChapterMembershipFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(db):
    return CustomerFactory(display_name="Lena Vogel", profile__job_title="Marketing lead")


@pytest.fixture
def led_chapter(leader):
    return ChapterFactory(title="Hamburg chapter", slug="hamburg", city="Hamburg", leaders=[leader])


def page(client, chapter) -> str:
    response = client.get(chapter.url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_chapter_names_its_leaders_and_place(client, led_chapter):
    html = page(client, led_chapter)

    assert "Hamburg chapter" in html
    assert "Lena Vogel" in html
    assert "Marketing lead" in html
    assert "Chapter leader" in html


def test_upcoming_and_past_events_are_listed_apart(client, led_chapter):
    EventFactory(parent=led_chapter, title="Next meetup")
    start = timezone.now() - timedelta(days=20)
    EventFactory(
        parent=led_chapter, title="Last meetup", starts_at=start, ends_at=start + timedelta(hours=2)
    )

    html = page(client, led_chapter)
    upcoming, past = html.split("Past events", 1)

    assert "Next meetup" in upcoming and "Last meetup" not in upcoming
    assert "Last meetup" in past


def test_a_visitor_is_asked_to_sign_in_to_join(client, led_chapter):
    html = page(client, led_chapter)
    assert "Sign in to join" in html
    assert reverse("events:join_chapter", args=[led_chapter.pk]) not in html


def test_a_member_joins_with_a_form_and_a_member_of_it_may_leave(client, member, led_chapter):
    client.force_login(member)
    assert reverse("events:join_chapter", args=[led_chapter.pk]) in page(client, led_chapter)

    ChapterMembershipFactory(chapter=led_chapter, member=member)
    html = page(client, led_chapter)

    assert "You're a member" in html
    assert reverse("events:leave_chapter", args=[led_chapter.pk]) in html
    assert "1 member" in html


def test_the_public_feed_is_offered(client, led_chapter):
    html = page(client, led_chapter)
    feed = reverse("events:chapter_feed", args=[led_chapter.pk])

    assert f'href="{feed}"' in html
    assert 'type="text/calendar"' in html


def test_chapter_page_queries_do_not_grow_with_events(
    client, member, led_chapter, django_assert_max_num_queries
):
    client.force_login(member)
    EventFactory(parent=led_chapter)
    page(client, led_chapter)
    with django_assert_max_num_queries(CHAPTER_PAGE_BUDGET) as few:
        page(client, led_chapter)
    few_queries = len(few.captured_queries)  # read before the next request resets the log

    for _ in range(8):
        EventFactory(parent=led_chapter)
    ChapterMembershipFactory(chapter=led_chapter)
    # New pages forget remembered routes (community.core.page_routing): one view routes again.
    page(client, led_chapter)

    with django_assert_max_num_queries(few_queries):
        page(client, led_chapter)


# Session, member, profile and roles; the page's route; its leaders; upcoming and past events
# with their tags and pictures; the viewer's registrations; members and membership; the bell.
CHAPTER_PAGE_BUDGET = 24
