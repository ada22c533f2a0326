"""Chapters, events, chapter memberships and registrations, made as editors and members make them.

`EventFactory()` is a published event directly under /events/ starting in a week, with room
for 20; `EventFactory(parent=chapter)` puts it under a chapter. `ChapterFactory(leaders=[m])`
names leaders. Registrations made through the factory bypass the rules and the seat counters:
tests of the rules go through `events.services.registrations` instead.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from community.members.models import Country
from events.models import ChapterMembership, Registration, RegistrationStatus
from events.pages import ChapterPage, EventFormat, EventIndexPage, EventPage
from tests.factories.members import CustomerFactory
from tests.factories.pages import PageFactory, section_index

CITIES = [
    ("Berlin", "DE"),
    ("Lyon", "FR"),
    ("Manchester", "GB"),
    ("Toronto", "CA"),
    ("Austin", "US"),
    ("São Paulo", "BR"),
    ("Bengaluru", "IN"),
    ("Sydney", "AU"),
]
EVENT_TITLES = [
    "Lifecycle journeys that customers finish",
    "Office hours: connectors and data sync",
    "Segment-first onboarding, a working session",
    "Scoring leads from webinar attendance",
    "Service Hub in practice: three teams compare notes",
]


def event_index() -> EventIndexPage:
    """The /events/ page, creating the site tree when the test has none yet."""
    return section_index(EventIndexPage)


class ChapterFactory(PageFactory):
    class Meta:
        model = ChapterPage

    _section = EventIndexPage

    title = factory.Sequence(lambda n: f"{CITIES[n % len(CITIES)][0]} chapter {n}")
    city = factory.Sequence(lambda n: CITIES[n % len(CITIES)][0])
    country = factory.Sequence(lambda n: Country.objects.get(code=CITIES[n % len(CITIES)][1]))
    description = "<p>Practitioners who meet every other month to compare what works.</p>"


class EventFactory(PageFactory):
    class Meta:
        model = EventPage

    _section = EventIndexPage

    title = factory.Sequence(lambda n: f"{EVENT_TITLES[n % len(EVENT_TITLES)]} #{n}")
    summary = "An evening of short talks and open questions, with time to meet peers."
    format = EventFormat.IN_PERSON
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    time_zone = "Europe/Berlin"
    venue_name = "Alte Münze"
    address = "Molkenmarkt 2, 10179 Berlin"
    map_url = "https://www.openstreetmap.org/?mlat=52.5155&mlon=13.4090"
    join_url = ""
    capacity = 20


class OnlineEventFactory(EventFactory):
    format = EventFormat.ONLINE
    venue_name = ""
    address = ""
    map_url = ""
    join_url = factory.Sequence(lambda n: f"https://meet.example.com/northwind-{n:04d}")
    time_zone = "America/New_York"


class ChapterMembershipFactory(DjangoModelFactory):
    class Meta:
        model = ChapterMembership

    chapter = factory.SubFactory(ChapterFactory)
    member = factory.SubFactory(CustomerFactory)


class RegistrationFactory(DjangoModelFactory):
    """A registration row as it is stored; it does not touch the event's seat counters."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    member = factory.SubFactory(CustomerFactory)
    status = RegistrationStatus.REGISTERED
