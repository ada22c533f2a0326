"""Demo events: chapters in every region with their leaders, upcoming and past meetups and
webinars (one full with a waitlist, online and hybrid ones, recordings and slides of past ones),
the yearly conference with its tracks and sessions, registrations, attendance and agendas.

What they say is written in `demo_data/*.toml`; this module reads it, checks it and seeds it
through the events' own services, so counters, waitlists and leader rights are what the site
would have made. Dates count from the day of seeding, so upcoming events stay upcoming. Every
piece is added only when missing: running the seeder again adds nothing.
"""

import random
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from community.core.demo import Output, silent_mail
from community.members.models import Country, Industry, Region, User

from .conference import (
    AgendaEntry,
    ConferencePage,
    ConferenceSession,
    ConferenceTrack,
    SessionSpeaker,
)
from .models import SEAT_HOLDING, ChapterMembership, Registration, RegistrationStatus
from .pages import ChapterPage, EventFormat, EventIndexPage, EventPage
from .services import agenda, chapters, registrations

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
# The generated crowd of the members seeder; named accounts and personas are picked by e-mail.
CROWD_EMAILS = ("member", "@demo.example.com")
# Members of the crowd who join each chapter, on top of its leaders and speakers.
CHAPTER_CROWD = 6
# The share of the crowd at a past event who were checked in: webinars lose the most sign-ups.
SHOW_UP = {EventFormat.IN_PERSON: 0.8, EventFormat.HYBRID: 0.7, EventFormat.ONLINE: 0.55}
# Members sign up over the weeks before an event, never in its last two hours.
SIGN_UP_WINDOW = timedelta(days=30)
SIGN_UP_CUTOFF = timedelta(hours=2)


class DemoDataError(ValueError):
    """A data file says something the seeder cannot use; the message names the file and entry."""


def _entry(data: dict, where: str, *, required: set[str], optional: set[str]) -> dict:
    missing = required - data.keys()
    unknown = data.keys() - required - optional
    if missing or unknown:
        problems = [f"missing {sorted(missing)}"] if missing else []
        problems += [f"unknown {sorted(unknown)}"] if unknown else []
        raise DemoDataError(f"{where}: {', '.join(problems)}")
    return data


def _read(name: str) -> dict:
    with (DATA_DIR / name).open("rb") as file:
        return tomllib.load(file)


CHAPTER_KEYS = {"slug", "title", "city", "country", "time_zone", "leaders", "description"}
EVENT_REQUIRED = {"slug", "title", "format", "in_days", "at", "minutes", "summary"}
EVENT_OPTIONAL = {
    "chapter", "time_zone", "capacity", "venue", "address", "map_url", "join_url", "tags",
    "industries", "regions", "audience", "recording_url", "slides_url", "registered",
    "attended", "crowd", "text", "agenda", "speakers",
}  # fmt: skip
CONFERENCE_REQUIRED = {"slug", "title", "in_days", "days", "day_starts", "day_ends", "time_zone"}
CONFERENCE_OPTIONAL = {
    "capacity", "venue", "address", "map_url", "summary", "tags", "audience", "text",
    "registered", "crowd", "crowd_agenda",
}  # fmt: skip
SESSION_REQUIRED = {"day", "at", "minutes", "track", "title", "abstract", "speakers"}
SESSION_OPTIONAL = {"room", "capacity"}


@dataclass(frozen=True)
class DemoEvents:
    chapters: list[dict]
    events: list[dict]
    conference: dict
    tracks: list[dict]
    sessions: list[dict]
    agendas: list[dict]


def load() -> DemoEvents:
    """Everything the seeder writes, checked: an unknown or missing key names its entry."""
    chapter_data = _read("chapters.toml")["chapter"]
    event_data = _read("events.toml")["event"]
    conference_data = _read("conference.toml")
    chapter_list = [
        _entry(c, f"chapters.toml: {c.get('slug')}", required=CHAPTER_KEYS, optional=set())
        for c in chapter_data
    ]
    slugs = {c["slug"] for c in chapter_list}
    event_list = []
    for e in event_data:
        where = f"events.toml: {e.get('slug')}"
        _entry(e, where, required=EVENT_REQUIRED, optional=EVENT_OPTIONAL)
        if e.get("chapter") and e["chapter"] not in slugs:
            raise DemoDataError(f"{where}: no chapter {e['chapter']}")
        if e["format"] not in EventFormat.values:
            raise DemoDataError(f"{where}: format is one of {EventFormat.values}")
        event_list.append(e)
    conference = _entry(
        conference_data["conference"],
        "conference.toml: [conference]",
        required=CONFERENCE_REQUIRED,
        optional=CONFERENCE_OPTIONAL,
    )
    tracks = conference_data["track"]
    track_names = {t["name"] for t in tracks}
    sessions = []
    for s in conference_data["session"]:
        where = f"conference.toml: {s.get('title')}"
        _entry(s, where, required=SESSION_REQUIRED, optional=SESSION_OPTIONAL)
        if s["track"] not in track_names:
            raise DemoDataError(f"{where}: no track {s['track']}")
        sessions.append(s)
    titles = {s["title"] for s in sessions}
    for plan in conference_data.get("agenda", []):
        unknown = set(plan["sessions"]) - titles
        if unknown:
            raise DemoDataError(f"conference.toml: agenda of {plan['member']}: {sorted(unknown)}")
    return DemoEvents(
        chapters=chapter_list,
        events=event_list,
        conference=conference,
        tracks=tracks,
        sessions=sessions,
        agendas=conference_data.get("agenda", []),
    )


# -- Seeding ------------------------------------------------------------------------------------


class People:
    """Demo members by e-mail, and the generated crowd by region, the same on every run."""

    def __init__(self) -> None:
        self.by_email = {user.email.lower(): user for user in User.objects.filter(is_active=True)}
        prefix, suffix = CROWD_EMAILS
        crowd = (
            User.objects.filter(is_active=True, email__startswith=prefix, email__endswith=suffix)
            .select_related("profile__country")
            .order_by("pk")
        )
        self.crowd = list(crowd)

    def named(self, emails) -> list[User]:
        return [self.by_email[e.lower()] for e in emails if e.lower() in self.by_email]

    def one(self, email: str) -> User | None:
        return self.by_email.get(email.lower())

    def crowd_for(self, key: str, count: int, region: str | None = None) -> list[User]:
        """`count` crowd members, from the region first, picked the same way on every run."""
        if not count or not self.crowd:
            return []

        def region_of(user):
            profile = getattr(user, "profile", None)
            country = getattr(profile, "country", None)
            return country.region_id if country else None

        rng = random.Random(key)
        near = [u for u in self.crowd if region and region_of(u) == region]
        far = [u for u in self.crowd if u not in near]
        rng.shuffle(near)
        rng.shuffle(far)
        return (near + far)[:count]


def _at(day: date, clock: str, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=zone)


def _today(zone: ZoneInfo) -> date:
    return timezone.now().astimezone(zone).date()


def _publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def _seed_chapters(data: DemoEvents, index: EventIndexPage, people: People) -> dict[str, Any]:
    found = {c.slug: c for c in ChapterPage.objects.child_of(index)}
    result = {}
    for plan in data.chapters:
        chapter = found.get(plan["slug"])
        if chapter is None:
            chapter = index.add_child(
                instance=ChapterPage(
                    title=plan["title"],
                    slug=plan["slug"],
                    city=plan["city"],
                    country=Country.objects.get(code=plan["country"]),
                    description=plan["description"],
                )
            )
            chapter = _publish(chapter)
        leaders = [user.email for user in people.named(plan["leaders"])]
        if leaders:
            chapters.make_leaders(chapter=chapter, member_emails=leaders)
        result[plan["slug"]] = (chapter, ZoneInfo(plan["time_zone"]))
    return result


def _body(plan: dict, people: People) -> list[dict]:
    body = []
    if plan.get("text"):
        body.append({"type": "text", "value": plan["text"]})
    if plan.get("agenda"):
        items = [
            {
                "starts_at": item["at"],
                "ends_at": item.get("until"),
                "title": item["title"],
                "description": item.get("description", ""),
            }
            for item in plan["agenda"]
        ]
        body.append({"type": "agenda", "value": items})
    if plan.get("speakers"):
        speakers = []
        for speaker in plan["speakers"]:
            member = people.one(speaker.get("member", ""))
            speakers.append(
                {
                    "member": member.pk if member else None,
                    "name": speaker.get("name", "") or (str(member) if member else ""),
                    "role": speaker.get("role", ""),
                    "photo": None,
                    "bio": "",
                }
            )
        body.append({"type": "speakers", "value": speakers})
    return body


def _targets(page: EventPage, plan: dict) -> None:
    page.target_industries = list(Industry.objects.filter(slug__in=plan.get("industries", [])))
    page.target_regions = list(Region.objects.filter(code__in=plan.get("regions", [])))
    page.target_audience = plan.get("audience", "")
    for tag in plan.get("tags", []):
        page.tags.add(tag)


def _seed_event(plan: dict, parent, zone: ZoneInfo, people: People) -> EventPage:
    event = EventPage.objects.child_of(parent).filter(slug=plan["slug"]).first()
    if event is not None:
        return event.specific
    zone = ZoneInfo(plan["time_zone"]) if plan.get("time_zone") else zone
    starts_at = _at(_today(zone) + timedelta(days=plan["in_days"]), plan["at"], zone)
    page = EventPage(
        title=plan["title"],
        slug=plan["slug"],
        summary=" ".join(plan["summary"].split()),
        body=_body(plan, people),
        format=plan["format"],
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=plan["minutes"]),
        time_zone=str(zone),
        venue_name=plan.get("venue", ""),
        address=plan.get("address", ""),
        map_url=plan.get("map_url", ""),
        join_url=plan.get("join_url", ""),
        capacity=plan.get("capacity"),
        recording_url=plan.get("recording_url", ""),
        slides_url=plan.get("slides_url", ""),
    )
    _targets(page, plan)
    return _publish(parent.add_child(instance=page))


def _registered_ids(event: EventPage) -> set[int]:
    return set(Registration.objects.filter(event=event).values_list("member_id", flat=True))


def _date_sign_ups(event: EventPage, new_ids: set[int]) -> None:
    """The registrations this run made were stamped now; spread them over the weeks before the
    event (and before now), in the order they were made, so a waitlist stays in order and the
    dashboard's trends show sign-ups as they come rather than all on the seeding day."""
    rows = list(Registration.objects.filter(event=event, member_id__in=new_ids).order_by("pk"))
    latest = min(event.starts_at - SIGN_UP_CUTOFF, timezone.now())
    rng = random.Random(f"{event.slug}:sign-ups")
    window = int(SIGN_UP_WINDOW.total_seconds())
    moments = sorted(latest - timedelta(seconds=rng.randrange(window)) for _ in rows)
    for row, moment in zip(rows, moments, strict=True):
        row.created_at = moment
    Registration.objects.bulk_update(rows, ["created_at"])


def _register(event: EventPage, members) -> None:
    before = _registered_ids(event)
    for member in members:
        if member.pk in before:
            continue
        try:
            registrations.register(event=event, member=member)
        except (PermissionDenied, registrations.RegistrationClosed):
            continue
    _date_sign_ups(event, _registered_ids(event) - before)


def _attended(event: EventPage, named, crowd) -> None:
    """Past events took their registrations before they happened: the rows are written as the
    check-in left them, and the counter set from them. The named members came (their stories
    tell of it); of the crowd, some never showed up, more often online."""
    checked_in_at = event.starts_at + timedelta(minutes=10)
    show_up = SHOW_UP.get(event.format, SHOW_UP[EventFormat.IN_PERSON])
    rng = random.Random(f"{event.slug}:check-in")
    before = _registered_ids(event)
    made: set[int] = set()
    for member in [*named, *crowd]:
        if member.pk in before or member.pk in made:
            continue
        came = member in named or rng.random() < show_up
        Registration.objects.create(
            event=event,
            member=member,
            status=RegistrationStatus.ATTENDED if came else RegistrationStatus.REGISTERED,
            checked_in_at=checked_in_at if came else None,
        )
        made.add(member.pk)
    _date_sign_ups(event, made)
    seats = Registration.objects.filter(event=event, status__in=SEAT_HOLDING).count()
    EventPage.objects.filter(pk=event.pk).update(registered_count=seats)


def _region_code(chapter) -> str | None:
    return chapter.country.region_id if chapter is not None else None


def _seed_events(data: DemoEvents, index, chapter_pages, people: People) -> list[EventPage]:
    events = []
    for plan in data.events:
        chapter, zone = chapter_pages.get(plan.get("chapter", ""), (None, ZoneInfo("UTC")))
        event = _seed_event(plan, chapter or index, zone, people)
        crowd = people.crowd_for(plan["slug"], plan.get("crowd", 0), _region_code(chapter))
        if plan["in_days"] < 0:
            _attended(event, people.named(plan.get("attended", [])), crowd)
        else:
            _register(event, [*people.named(plan.get("registered", [])), *crowd])
        events.append(event)
    return events


def _seed_conference(data: DemoEvents, index, people: People) -> ConferencePage:
    plan = data.conference
    zone = ZoneInfo(plan["time_zone"])
    first_day = _today(zone) + timedelta(days=plan["in_days"])
    conference = ConferencePage.objects.child_of(index).filter(slug=plan["slug"]).first()
    if conference is None:
        starts_at = _at(first_day, plan["day_starts"], zone)
        page = ConferencePage(
            title=f"{plan['title']} {first_day.year}",
            slug=plan["slug"],
            summary=" ".join(plan.get("summary", "").split()),
            body=_body(plan, people),
            format=EventFormat.IN_PERSON,
            starts_at=starts_at,
            ends_at=_at(first_day + timedelta(days=plan["days"] - 1), plan["day_ends"], zone),
            time_zone=str(zone),
            venue_name=plan.get("venue", ""),
            address=plan.get("address", ""),
            map_url=plan.get("map_url", ""),
            capacity=plan.get("capacity"),
        )
        _targets(page, plan)
        page.tracks = [
            ConferenceTrack(name=t["name"], description=t.get("description", ""), sort_order=n)
            for n, t in enumerate(data.tracks)
        ]
        conference = _publish(index.add_child(instance=page))
    first_day = conference.local_starts_at.date()
    tracks = {track.name: track for track in conference.tracks.all()}
    sessions = {s.title: s for s in ConferenceSession.objects.filter(conference=conference)}
    for session_plan in data.sessions:
        if session_plan["title"] in sessions:
            continue
        day = first_day + timedelta(days=session_plan["day"] - 1)
        starts_at = _at(day, session_plan["at"], zone)
        session = ConferenceSession.objects.create(
            conference=conference,
            title=session_plan["title"],
            abstract=" ".join(session_plan["abstract"].split()),
            track=tracks.get(session_plan["track"]),
            room=session_plan.get("room", ""),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=session_plan["minutes"]),
            capacity=session_plan.get("capacity"),
        )
        for order, speaker in enumerate(session_plan["speakers"]):
            SessionSpeaker.objects.create(
                session=session,
                sort_order=order,
                member=people.one(speaker.get("member", "")),
                name=speaker.get("name", ""),
                job_title=speaker.get("job_title", ""),
                company=speaker.get("company", ""),
            )
        sessions[session.title] = session
    _seed_attendees(conference, plan, sessions, data.agendas, people)
    return conference


def _seed_attendees(conference, plan, sessions: dict, agendas: list[dict], people: People):
    named = people.named(plan.get("registered", []))
    crowd = people.crowd_for(plan["slug"], plan.get("crowd", 0))
    _register(conference, [*named, *crowd])
    if AgendaEntry.objects.filter(session__conference=conference).exists():
        return  # Agendas were built on an earlier run; members may have changed them since.
    for wanted in agendas:
        member = people.one(wanted["member"])
        if member is not None:
            _add_all(member, [sessions[title] for title in wanted["sessions"]])
    rng = random.Random(plan["slug"])
    ordered = sorted(sessions.values(), key=lambda s: (s.starts_at, s.pk))
    for member in crowd:
        _add_all(member, rng.sample(ordered, min(plan.get("crowd_agenda", 0), len(ordered))))


def _add_all(member, sessions) -> None:
    for session in sessions:
        try:
            agenda.add_session(session=session, member=member)
        except (PermissionDenied, agenda.SessionFull, agenda.AgendaClosed):
            continue


def _seed_memberships(data: DemoEvents, chapter_pages, events, people: People) -> None:
    """Leaders, speakers and registrants belong to their chapter, with a few neighbours."""
    by_chapter: dict[int, set[int]] = {}
    for plan, event in zip(data.events, events, strict=True):
        chapter, _ = chapter_pages.get(plan.get("chapter", ""), (None, None))
        if chapter is not None:
            members = Registration.objects.filter(event=event).values_list("member_id", flat=True)
            by_chapter.setdefault(chapter.pk, set()).update(members)
    for slug, (chapter, _) in chapter_pages.items():
        wanted = by_chapter.setdefault(chapter.pk, set())
        wanted.update(chapter.leaders.values_list("pk", flat=True))
        wanted.update(u.pk for u in people.crowd_for(slug, CHAPTER_CROWD, _region_code(chapter)))
        existing = set(
            ChapterMembership.objects.filter(chapter=chapter).values_list("member_id", flat=True)
        )
        ChapterMembership.objects.bulk_create(
            ChapterMembership(chapter=chapter, member_id=pk) for pk in sorted(wanted - existing)
        )


def seed_events(options: dict[str, Any], out: Output) -> None:
    data = load()
    index = EventIndexPage.objects.first()
    if index is None:
        out("  No /events/ page: skipped.")
        return
    # Seeding registers members through the services; nobody needs e-mail about it.
    with silent_mail(), transaction.atomic():
        people = People()
        chapter_pages = _seed_chapters(data, index, people)
        events = _seed_events(data, index, chapter_pages, people)
        conference = _seed_conference(data, index, people)
        # After the events, so joining does not announce each of them to the new members.
        _seed_memberships(data, chapter_pages, events, people)
    out(
        f"  {len(chapter_pages)} chapters, {len(events)} events, {conference.title} with "
        f"{ConferenceSession.objects.filter(conference=conference).count()} sessions."
    )
