"""The conference, its tracks and sessions.

`ConferenceFactory()` is a published two-day conference under /events/ starting in a month,
with three tracks (pass `tracks=[ConferenceTrack(...), ...]` for others).
`SessionFactory(conference=c, track=t, starts_at=...)` adds a 45-minute session with one guest
speaker.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from events.conference import ConferencePage, ConferenceSession, ConferenceTrack, SessionSpeaker
from tests.factories.events import EventFactory

TRACKS = ("Marketing automation", "Data and integrations", "Customer stories")


class ConferenceFactory(EventFactory):
    class Meta:
        model = ConferencePage

    title = factory.Sequence(lambda n: f"Northwind Connect {2026 + n}")
    summary = "Two days of talks and workshops by customers, partners and our product teams."
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=30)).replace(
            hour=7, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(days=1, hours=10))
    time_zone = "Europe/Amsterdam"
    venue_name = "Beurs van Berlage"
    address = "Damrak 243, 1012 ZJ Amsterdam"
    capacity = 500
    tracks = factory.LazyFunction(
        lambda: [
            ConferenceTrack(name=name, sort_order=number) for number, name in enumerate(TRACKS)
        ]
    )


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = ConferenceSession
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    title = factory.Sequence(lambda n: f"Session {n}: journeys that customers finish")
    abstract = "What worked, what did not, and the numbers behind it."
    track = factory.LazyAttribute(lambda session: session.conference.tracks.first())
    room = "Main hall"
    starts_at = factory.LazyAttribute(lambda session: session.conference.starts_at)
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + timedelta(minutes=45))
    capacity = None

    @factory.post_generation
    def speakers(session, create, extracted, **kwargs):
        if not create:
            return
        for speaker in extracted or [
            {"name": "Priya Raman", "job_title": "CRM lead", "company": "Helio Retail"}
        ]:
            SessionSpeaker.objects.create(session=session, **speaker)
