"""RSVP and chapter membership over HTTP: one click, and a clear 4xx for bad input."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from events.models import ChapterMembership, Registration
from events.pages import EventPage
from tests.factories import CustomerFactory
from tests.factories.events import EventFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def register_url(event) -> str:
    return reverse("events:register", args=[event.pk])


def test_one_click_registers_and_returns_to_the_event(client, member, event):
    client.force_login(member)

    response = client.post(register_url(event))

    assert response.status_code == 302
    assert response["Location"] == event.url
    assert Registration.objects.get(event=event, member=member).status == "registered"


def test_a_script_reads_its_place(client, member, event, others):
    for m in others[:2]:
        client.force_login(m)
        client.post(register_url(event), **JSON)
    client.force_login(member)

    response = client.post(register_url(event), **JSON)

    assert response.json() == {
        "status": "waitlisted",
        "waitlist_position": 1,
        "registered_count": 2,
        "waitlist_count": 1,
        "seats_left": 0,
    }


def test_a_double_click_is_harmless(client, member, event):
    client.force_login(member)
    client.post(register_url(event), **JSON)
    response = client.post(register_url(event), **JSON)

    assert response.status_code == 200
    assert response.json()["registered_count"] == 1


def test_cancelling_in_one_click(client, member, event):
    client.force_login(member)
    client.post(register_url(event))

    response = client.post(reverse("events:cancel", args=[event.pk]), **JSON)

    assert response.json()["status"] == "cancelled"
    assert EventPage.objects.get(pk=event.pk).registered_count == 0


def test_a_closed_event_answers_409_with_the_reason(client, member, chapter):
    event = EventFactory(parent=chapter, registration_closes_at=timezone.now() - timedelta(hours=1))
    client.force_login(member)

    response = client.post(register_url(event), **JSON)

    assert response.status_code == 409
    assert response.json() == {"error": "Registration for this event has closed."}


def test_a_browser_is_sent_back_to_the_event_with_the_reason(client, member, chapter):
    event = EventFactory(parent=chapter, is_cancelled=True)
    client.force_login(member)

    response = client.post(register_url(event))

    assert (response.status_code, response["Location"]) == (302, event.url)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["This event is cancelled."]


def test_a_past_event_answers_409(client, member, chapter):
    start = timezone.now() - timedelta(days=1)
    event = EventFactory(parent=chapter, starts_at=start, ends_at=start + timedelta(hours=1))
    client.force_login(member)
    assert client.post(register_url(event), **JSON).status_code == 409


def test_an_unknown_event_answers_404(client, member):
    client.force_login(member)
    response = client.post(reverse("events:register", args=[987654]), **JSON)
    assert response.status_code == 404


def test_a_banned_member_answers_403_with_the_reason(client, event):
    banned = CustomerFactory(profile__banned_at=timezone.now())
    client.force_login(banned)

    response = client.post(register_url(event), **JSON)

    assert response.status_code == 403
    assert "banned" in response.json()["error"]
    assert not Registration.objects.exists()


def test_a_visitor_is_asked_to_sign_in(client, event):
    response = client.post(register_url(event), **JSON)
    assert response.status_code == 403
    assert response.json() == {"error": "Sign in to take part."}


def test_registering_needs_a_post(client, member, event):
    client.force_login(member)
    assert client.get(register_url(event)).status_code == 405


def test_joining_and_leaving_a_chapter(client, member, chapter):
    client.force_login(member)

    client.post(reverse("events:join_chapter", args=[chapter.pk]))
    client.post(reverse("events:join_chapter", args=[chapter.pk]))
    assert ChapterMembership.objects.filter(chapter=chapter, member=member).count() == 1

    client.post(reverse("events:leave_chapter", args=[chapter.pk]))
    assert not ChapterMembership.objects.filter(chapter=chapter, member=member).exists()
