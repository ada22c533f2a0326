"""The conference: attendees build a personal agenda from its sessions; session seats are
counted like event seats; clashes are flagged, not refused; the agenda goes to a calendar."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from icalendar import Calendar

from community.notifications.models import Notification
from events import conference_calendar
from events.conference import AgendaEntry, ConferencePage, ConferenceSession
from events.notification_kinds import EventKind
from events.services import agenda, calendars, registrations
from tests.factories import CustomerFactory
from tests.factories.conference import ConferenceFactory, SessionFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def conference(db):
    return ConferenceFactory()


@pytest.fixture
def attendee(conference):
    member = CustomerFactory(display_name="Lena Fischer")
    registrations.register(event=conference, member=member)
    return member


def session_at(conference, hours: float, *, minutes: int = 45, track: int = 0, **kwargs):
    tracks = list(conference.tracks.all())
    starts_at = conference.starts_at + timedelta(hours=hours)
    return SessionFactory(
        conference=conference,
        track=tracks[track],
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        **kwargs,
    )


def seats_taken(session) -> int:
    return ConferenceSession.objects.get(pk=session.pk).seats_taken


def add_url(session) -> str:
    return reverse("events:agenda_add", args=[session.conference_id, session.pk])


def remove_url(session) -> str:
    return reverse("events:agenda_remove", args=[session.conference_id, session.pk])


# -- The service ------------------------------------------------------------------------------


def test_an_attendee_adds_a_session_and_takes_one_of_its_seats(conference, attendee):
    session = session_at(conference, 1, capacity=30)

    agenda.add_session(session=session, member=attendee)

    assert AgendaEntry.objects.filter(session=session, member=attendee).exists()
    assert seats_taken(session) == 1


def test_adding_twice_holds_one_seat(conference, attendee):
    session = session_at(conference, 1, capacity=30)

    agenda.add_session(session=session, member=attendee)
    agenda.add_session(session=session, member=attendee)

    assert seats_taken(session) == 1
    assert AgendaEntry.objects.count() == 1


def test_removing_frees_the_seat_and_removing_again_changes_nothing(conference, attendee):
    session = session_at(conference, 1, capacity=30)
    agenda.add_session(session=session, member=attendee)

    assert agenda.remove_session(session=session, member=attendee) is True
    assert agenda.remove_session(session=session, member=attendee) is False
    assert seats_taken(session) == 0


def test_a_member_without_a_seat_at_the_conference_builds_no_agenda(conference):
    session = session_at(conference, 1)
    stranger = CustomerFactory()

    with pytest.raises(PermissionDenied, match="Register for the conference first"):
        agenda.add_session(session=session, member=stranger)


def test_a_member_on_the_conference_waitlist_builds_no_agenda(conference, attendee):
    conference.capacity = 1
    conference.save()
    waiting = CustomerFactory()
    assert registrations.register(event=conference, member=waiting).status == "waitlisted"

    with pytest.raises(PermissionDenied):
        agenda.add_session(session=session_at(conference, 1), member=waiting)


def test_a_full_session_refuses_the_next_attendee_with_the_reason(conference, attendee):
    session = session_at(conference, 1, capacity=1, title="Hands-on: scoring models")
    agenda.add_session(session=session, member=attendee)
    late = CustomerFactory()
    registrations.register(event=conference, member=late)

    with pytest.raises(agenda.SessionFull, match="Hands-on: scoring models” is full"):
        agenda.add_session(session=session, member=late)
    assert seats_taken(session) == 1


def test_a_seat_freed_in_a_full_session_can_be_taken_again(conference, attendee):
    session = session_at(conference, 1, capacity=1)
    agenda.add_session(session=session, member=attendee)
    agenda.remove_session(session=session, member=attendee)
    other = CustomerFactory()
    registrations.register(event=conference, member=other)

    agenda.add_session(session=session, member=other)

    assert seats_taken(session) == 1


def test_a_cancelled_conference_takes_no_more_agenda_changes(conference, attendee):
    session = session_at(conference, 1)
    conference.is_cancelled = True
    conference.save()

    with pytest.raises(agenda.AgendaClosed, match="cancelled"):
        agenda.add_session(session=session, member=attendee)


def test_cancelling_the_conference_registration_frees_the_agenda_seats(conference, attendee):
    sessions = [session_at(conference, hour, capacity=10) for hour in (1, 2)]
    for session in sessions:
        agenda.add_session(session=session, member=attendee)

    registrations.cancel(event=conference, member=attendee)

    assert not AgendaEntry.objects.filter(member=attendee).exists()
    assert [seats_taken(session) for session in sessions] == [0, 0]


def test_clashing_sessions_are_both_added_and_both_flagged(conference, attendee):
    keynote = session_at(conference, 1, minutes=60)
    workshop = session_at(conference, 1.5, minutes=90, track=1)
    later = session_at(conference, 4)
    for session in (keynote, workshop, later):
        agenda.add_session(session=session, member=attendee)

    assert agenda.clashes([keynote, workshop, later]) == {keynote.pk, workshop.pk}


def test_sessions_back_to_back_do_not_clash(conference):
    first = session_at(conference, 1, minutes=60)
    second = session_at(conference, 2, minutes=60)

    assert agenda.clashes([second, first]) == set()


def test_an_editor_saving_a_session_keeps_the_seats_members_took(conference, attendee):
    session = session_at(conference, 1, capacity=30)
    stale = ConferenceSession.objects.get(pk=session.pk)
    agenda.add_session(session=session, member=attendee)

    stale.title = "Renamed by the editor"
    stale.save()

    session.refresh_from_db()
    assert (session.title, session.seats_taken) == ("Renamed by the editor", 1)


# -- Over HTTP, without script -----------------------------------------------------------------


def test_the_add_button_works_without_script_and_returns_to_the_session(
    client, conference, attendee
):
    session = session_at(conference, 1)
    client.force_login(attendee)

    response = client.post(add_url(session), {"next": f"{conference.url}#session-{session.pk}"})

    assert response.status_code == 302
    assert response["Location"] == f"{conference.url}#session-{session.pk}"
    assert AgendaEntry.objects.filter(session=session, member=attendee).exists()


def test_a_script_reads_the_seats_left(client, conference, attendee):
    session = session_at(conference, 1, capacity=5)
    client.force_login(attendee)

    response = client.post(add_url(session), **JSON)

    assert response.json() == {"in_agenda": True, "seats_left": 4}
    response = client.post(remove_url(session), **JSON)
    assert response.json() == {"in_agenda": False, "seats_left": 5}


def test_refusals_answer_4xx_with_the_reason(client, conference, attendee):
    full = session_at(conference, 1, capacity=1)
    agenda.add_session(session=full, member=attendee)
    stranger = CustomerFactory()
    client.force_login(stranger)

    not_registered = client.post(add_url(session_at(conference, 2)), **JSON)
    registrations.register(event=conference, member=stranger)
    too_late = client.post(add_url(full), **JSON)
    unknown = client.post(reverse("events:agenda_add", args=[conference.pk, full.pk + 999]), **JSON)

    assert not_registered.status_code == 403
    assert "Register for the conference first" in not_registered.json()["error"]
    assert too_late.status_code == 409
    assert "full" in too_late.json()["error"]
    assert unknown.status_code == 404


def test_a_visitor_is_sent_to_sign_in(client, conference):
    response = client.post(add_url(session_at(conference, 1)))

    assert response.status_code == 302
    assert "login" in response["Location"]


# -- Pages --------------------------------------------------------------------------------------


def test_the_schedule_shows_days_tracks_and_the_attendees_choices(client, conference, attendee):
    opening = session_at(conference, 1, title="Opening keynote")
    session_at(conference, 1, track=1, title="Connectors deep dive")
    session_at(conference, 24, track=2, title="Customer panel: retail")
    agenda.add_session(session=opening, member=attendee)
    client.force_login(attendee)

    page = client.get(conference.url).content.decode()

    assert "Day 1" in page and "Day 2" in page
    for text in ("Opening keynote", "Connectors deep dive", "Customer panel: retail"):
        assert text in page
    for track in ("Marketing automation", "Data and integrations", "Customer stories"):
        assert track in page
    assert "In your agenda" in page
    assert page.count("Add to my agenda") == 2
    assert page.count("Remove from my agenda") == 1


def test_visitors_see_the_schedule_without_agenda_buttons(client, conference):
    session_at(conference, 1, title="Opening keynote")

    page = client.get(conference.url).content.decode()

    assert "Opening keynote" in page
    assert "Add to my agenda" not in page


def test_the_agenda_page_flags_clashes(client, conference, attendee):
    for hours, track in ((1, 0), (1.25, 1), (3, 2)):
        agenda.add_session(session=session_at(conference, hours, track=track), member=attendee)
    client.force_login(attendee)

    response = client.get(reverse("events:agenda", args=[conference.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "3 sessions" in page
    assert page.count("Clashes with another session in your agenda") == 2


SCHEDULE_BUDGET = 40


@pytest.mark.parametrize("path", ["page", "agenda"])
def test_schedule_and_agenda_queries_do_not_grow_with_sessions(
    client, conference, attendee, path, django_assert_max_num_queries
):
    def url():
        return conference.url if path == "page" else reverse("events:agenda", args=[conference.pk])

    def add_sessions(hours):
        for hour in hours:
            session = session_at(conference, hour, track=hour % 3, capacity=50)
            agenda.add_session(session=session, member=attendee)

    add_sessions([1])
    client.force_login(attendee)
    client.get(url())
    with django_assert_max_num_queries(SCHEDULE_BUDGET) as few:
        client.get(url())
    add_sessions(range(2, 14))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url()).status_code == 200


# -- The calendar file -------------------------------------------------------------------------


def test_the_agenda_imports_as_one_event_per_session_with_stable_ids(client, conference, attendee):
    keynote = session_at(conference, 1, title="Opening keynote", room="Grote Zaal")
    workshop = session_at(conference, 25, title="Workshop: lead scoring", track=1)
    session_at(conference, 3, title="Not chosen")
    for session in (keynote, workshop):
        agenda.add_session(session=session, member=attendee)
    client.force_login(attendee)

    first = client.get(reverse("events:agenda_ics", args=[conference.pk]))
    again = client.get(reverse("events:agenda_ics", args=[conference.pk]))

    assert first["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(first.content)
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [
        "Opening keynote",
        "Workshop: lead scoring",
    ]
    start = events[0].decoded("DTSTART")
    assert start == keynote.starts_at
    assert str(start.tzinfo) == "Europe/Amsterdam"
    assert events[0]["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert "Grote Zaal" in str(events[0]["LOCATION"])
    assert calendar.walk("VTIMEZONE")
    uids = [str(event["UID"]) for event in events]
    assert uids == [str(e["UID"]) for e in Calendar.from_ical(again.content).walk("VEVENT")]
    assert len(set(uids)) == 2 and uids[0].startswith(f"session-{keynote.pk}@")


def test_a_new_time_for_the_conference_reaches_its_attendees(conference, attendee):
    conference = ConferencePage.objects.get(pk=conference.pk)
    conference.starts_at += timedelta(days=1)
    conference.ends_at += timedelta(days=1)
    conference.save_revision().publish()

    changed = Notification.objects.filter(kind=EventKind.EVENT_CHANGED, recipient=attendee)
    assert changed.exists()


def test_the_agenda_sessions_appear_in_the_members_private_feed(client, conference, attendee):
    keynote = session_at(conference, 1, title="Opening keynote")
    agenda.add_session(session=keynote, member=attendee)
    token = calendars.feed_token_for(attendee)

    feed = Calendar.from_ical(client.get(reverse("events:member_feed", args=[token])).content)

    by_uid = {str(event["UID"]): event for event in feed.walk("VEVENT")}
    session = by_uid[conference_calendar.session_uid(keynote)]
    assert str(session["SUMMARY"]) == "Opening keynote"
    assert session.decoded("DTSTART") == keynote.starts_at
    assert str(by_uid[calendars.event_uid(conference)]["SUMMARY"]) == conference.title
