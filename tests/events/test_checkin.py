"""Organisers' screens: the registration list with search, its CSV export and the check-in page,
for the event's chapter leaders and community managers only."""

import csv
import io

import pytest
from django.urls import reverse

from events.models import Registration, RegistrationStatus
from events.services import registrations
from tests.factories import CustomerFactory
from tests.factories.events import ChapterFactory, EventFactory
from tests.factories.listening import launched_survey

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def leader(db):
    return CustomerFactory(display_name="Lena Vogel")


@pytest.fixture
def led_event(leader):
    chapter = ChapterFactory(title="Hamburg chapter", slug="hamburg", leaders=[leader])
    return EventFactory(parent=chapter, title="Hamburg meetup", capacity=2)


@pytest.fixture
def attendees(led_event):
    names = ["Ana Souza", "=cmd|' /C calc'!A0", "Bruno Lima"]
    people = [CustomerFactory(display_name=name) for name in names]
    return [registrations.register(event=led_event, member=person) for person in people]


def urls(event) -> dict[str, str]:
    return {
        "list": reverse("events:registrations", args=[event.pk]),
        "csv": reverse("events:registrations_csv", args=[event.pk]),
        "check_in": reverse("events:check_in", args=[event.pk]),
    }


@pytest.mark.parametrize("screen", ["list", "csv", "check_in"])
def test_the_chapters_leader_and_managers_open_the_organiser_screens(
    client, led_event, leader, manager, screen
):
    for organiser in (leader, manager):
        client.force_login(organiser)
        assert client.get(urls(led_event)[screen]).status_code == 200


@pytest.mark.parametrize("screen", ["list", "csv", "check_in"])
def test_members_and_other_chapters_leaders_are_refused(client, led_event, member, screen):
    other_leader = CustomerFactory()
    ChapterFactory(leaders=[other_leader])
    for outsider in (member, other_leader):
        client.force_login(outsider)
        assert client.get(urls(led_event)[screen], **JSON).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client, led_event):
    response = client.get(urls(led_event)["list"])
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_list_shows_seats_then_the_waitlist(client, led_event, leader, attendees):
    client.force_login(leader)

    html = client.get(urls(led_event)["list"]).content.decode()

    assert html.index("Ana Souza") < html.index("Bruno Lima")
    assert "Waiting · #1" in html
    assert attendees[0].code in html


@pytest.mark.parametrize("query", ["ana", "ANA SOUZA"])
def test_the_list_finds_a_member_by_name(client, led_event, leader, attendees, query):
    client.force_login(leader)

    html = client.get(urls(led_event)["list"], {"q": query}).content.decode()

    assert "Ana Souza" in html
    assert "Bruno Lima" not in html


def test_the_list_finds_a_registration_by_its_code(client, led_event, leader, attendees):
    client.force_login(leader)

    html = client.get(urls(led_event)["list"], {"q": attendees[2].code.lower()}).content.decode()

    assert "Bruno Lima" in html
    assert "Ana Souza" not in html


def test_the_csv_export_lists_every_registration_safely(client, led_event, leader, attendees):
    client.force_login(leader)

    response = client.get(urls(led_event)["csv"])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "E-mail", "Status"]
    assert [row[0] for row in rows[1:]] == ["Ana Souza", "'=cmd|' /C calc'!A0", "Bruno Lima"]
    assert rows[3][2:5] == ["On the waitlist", "1", attendees[2].code]


def test_a_leader_checks_a_member_in_by_code(client, led_event, leader, attendees):
    client.force_login(leader)

    response = client.post(urls(led_event)["check_in"], {"code": attendees[0].code.lower()})

    assert response.status_code == 302
    registration = Registration.objects.get(pk=attendees[0].pk)
    assert registration.status == RegistrationStatus.ATTENDED
    assert registration.checked_in_at is not None


def test_a_wrong_code_is_shown_again_with_the_reason(client, led_event, leader, attendees):
    client.force_login(leader)

    response = client.post(urls(led_event)["check_in"], {"code": "NOPE2345"})

    assert response.status_code == 422
    assert "No registration for this event has the code NOPE2345" in response.content.decode()


def test_a_waitlisted_member_cannot_be_checked_in(client, led_event, leader, attendees):
    client.force_login(leader)

    response = client.post(urls(led_event)["check_in"], {"code": attendees[2].code})

    assert response.status_code == 422
    assert Registration.objects.get(pk=attendees[2].pk).status == RegistrationStatus.WAITLISTED


def test_a_script_checks_in_and_reads_json(client, led_event, manager, attendees):
    client.force_login(manager)

    response = client.post(urls(led_event)["check_in"], {"code": attendees[1].code}, **JSON)

    assert response.json() == {"member": "=cmd|' /C calc'!A0", "status": "attended"}


def test_scanning_the_members_qr_code_opens_the_page_with_the_code(
    client, led_event, leader, attendees
):
    client.force_login(leader)

    html = client.get(urls(led_event)["check_in"], {"code": attendees[0].code}).content.decode()

    assert f'value="{attendees[0].code}"' in html
    assert 'name="viewport"' in html


def test_the_members_qr_code_leads_to_the_check_in_page(client, led_event, attendees):
    client.force_login(attendees[0].member)

    html = client.get(led_event.url).content.decode()

    assert 'class="qr-code"' in html
    assert attendees[0].code in html


def test_the_door_page_keeps_a_survey_for_later(client, led_event, leader):
    launched_survey()
    client.force_login(leader)

    # The leader is invited (the registration list shows the prompt), but at the door the code
    # field stays at the top of the screen.
    assert 'id="survey-prompt-title"' in client.get(urls(led_event)["list"]).content.decode()
    check_in_page = client.get(urls(led_event)["check_in"]).content.decode()
    assert 'id="survey-prompt-title"' not in check_in_page
    assert 'name="code"' in check_in_page
