"""The demo's events look like the community's: chapters in every region with leaders, a full
meetup with a waitlist, online and hybrid events, past ones with recordings, and a two-day
conference with three tracks, a dozen sessions, registrations and agendas. Seeding twice adds
nothing."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from community.members.models import Region
from events import demo
from events.conference import AgendaEntry, ConferencePage, ConferenceSession
from events.models import ChapterMembership, Registration
from events.pages import ChapterPage, EventPage
from events.services.agenda import clashes
from tests.module_data import built_once_per_module

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", verbosity=0, members=60, only=["members", "events"])


_seeded_for_the_module = built_once_per_module(seed)


@pytest.fixture
def seeded(_seeded_for_the_module, db) -> None:
    return None


def upcoming():
    return EventPage.objects.live().filter(starts_at__gt=timezone.now())


def test_the_data_files_are_read_and_checked():
    data = demo.load()

    assert len(data.sessions) == 12 and len(data.tracks) == 3


def test_an_unknown_key_in_the_data_names_its_entry():
    with pytest.raises(demo.DemoDataError, match="events.toml: meetup: unknown \\['colour'\\]"):
        demo._entry(
            {"slug": "meetup", "colour": "red"},
            "events.toml: meetup",
            required={"slug"},
            optional=set(),
        )


def test_every_region_has_chapters_with_leaders(seeded):
    chapters = ChapterPage.objects.live().select_related("country")
    regions = {chapter.country.region_id for chapter in chapters}

    assert regions == set(Region.objects.values_list("pk", flat=True))
    assert all(chapter.leaders.exists() for chapter in chapters)
    assert all(chapter.leader_group_id for chapter in chapters)
    assert ChapterMembership.objects.filter(chapter__in=chapters).count() > 6 * len(chapters)


def test_one_upcoming_event_is_full_with_a_waitlist(seeded):
    full = [
        event
        for event in upcoming().filter(capacity__isnull=False)
        if event.registered_count >= event.capacity and event.waitlist_count
    ]

    assert len(full) == 1
    event = full[0]
    rows = Registration.objects.filter(event=event)
    assert rows.filter(status="registered").count() == event.capacity
    assert rows.filter(status="waitlisted").count() == event.waitlist_count >= 3
    assert rows.filter(member__email="member@example.com", status="registered").exists()


def test_upcoming_events_include_online_and_hybrid_ones_with_join_links(seeded):
    formats = set(upcoming().values_list("format", flat=True))

    assert {"in_person", "online", "hybrid"} <= formats
    assert all(event.join_url for event in upcoming().filter(format__in=["online", "hybrid"]))


def test_past_events_left_recordings_and_slides_and_attendance(seeded):
    past = EventPage.objects.live().filter(ends_at__lt=timezone.now())

    assert past.exclude(recording_url="").exists()
    assert past.exclude(slides_url="").exists()
    assert Registration.objects.filter(event__in=past, status="attended").count() >= 20
    # Not everyone who signed up came, and fewer came online than in person.
    assert Registration.objects.filter(event__in=past, status="registered").exists()
    came = {}
    for event in past:
        held = event.registrations.filter(status__in=["registered", "attended"]).count()
        assert event.registered_count == held
        attended = event.registrations.filter(status="attended").count()
        came.setdefault(event.format, []).append(attended / held)
    assert max(came["online"]) < min(came["in_person"])


def test_members_signed_up_in_the_weeks_before_each_event(seeded):
    registrations = Registration.objects.select_related("event")
    assert all(r.created_at < r.event.starts_at for r in registrations)
    assert all(r.created_at <= timezone.now() for r in registrations)
    days = {r.created_at.date() for r in registrations}
    assert len(days) > 20  # spread out, not all on the day the demo was seeded


def test_upcoming_dates_count_from_today(seeded):
    soonest = upcoming().order_by("starts_at").first()

    assert soonest.starts_at < timezone.now() + timedelta(days=14)


def test_the_conference_has_two_days_three_tracks_and_a_dozen_sessions(seeded):
    conference = ConferencePage.objects.live().get()
    sessions = ConferenceSession.objects.filter(conference=conference).select_related("track")

    days = {session.local_day(conference.zone) for session in sessions}
    assert len(days) == 2
    assert conference.tracks.count() == 3
    assert {session.track.name for session in sessions} == set(
        conference.tracks.values_list("name", flat=True)
    )
    assert sessions.count() == 12
    assert all(session.speakers.exists() for session in sessions)
    assert sessions.filter(capacity__isnull=False).exists()


def test_conference_attendees_have_agendas_and_the_member_sees_a_clash(seeded):
    conference = ConferencePage.objects.live().get()

    assert conference.registered_count >= 30
    agendas = (
        AgendaEntry.objects.filter(session__conference=conference)
        .values("member")
        .annotate(n=Count("pk"))
    )
    assert len(agendas) >= 20
    mine = ConferenceSession.objects.filter(agenda_entries__member__email="member@example.com")
    assert len(clashes(list(mine))) == 2
    for session in ConferenceSession.objects.filter(conference=conference):
        assert session.seats_taken == session.agenda_entries.count()
        assert session.capacity is None or session.seats_taken <= session.capacity


def test_seeding_again_adds_nothing(seeded):
    def counts():
        return (
            ChapterPage.objects.count(),
            EventPage.objects.count(),
            Registration.objects.count(),
            ConferenceSession.objects.count(),
            AgendaEntry.objects.count(),
            ChapterMembership.objects.count(),
        )

    before = counts()
    seed()

    assert counts() == before


def test_the_demo_pages_answer(seeded, client):
    conference = ConferencePage.objects.live().get()
    chapter = ChapterPage.objects.live().get(slug="sao-paulo")

    for url in ("/events/", chapter.url, conference.url, upcoming().first().url):
        assert client.get(url).status_code == 200, url
