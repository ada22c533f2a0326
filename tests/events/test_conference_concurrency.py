"""Session seats stay exact when many attendees race for the last ones.

These need real row locks and concurrent connections, so they run on PostgreSQL only.
"""

from events.conference import AgendaEntry, ConferenceSession
from events.services import agenda, registrations
from tests.concurrency import ON_POSTGRESQL_WITH_THREADS, run_together
from tests.factories import CustomerFactory
from tests.factories.conference import ConferenceFactory, SessionFactory

pytestmark = ON_POSTGRESQL_WITH_THREADS

RACERS = 12


def test_the_last_session_seats_are_never_oversold_when_many_attendees_race_for_them():
    conference = ConferenceFactory()
    session = SessionFactory(conference=conference, capacity=3)
    racers = [CustomerFactory() for _ in range(RACERS)]
    for member in racers:
        registrations.register(event=conference, member=member)

    outcomes = run_together(
        lambda member: agenda.add_session(session=session, member=member), racers, keep_errors=True
    )

    session = ConferenceSession.objects.get(pk=session.pk)
    assert session.seats_taken == 3
    assert AgendaEntry.objects.filter(session=session).count() == 3
    refused = [outcome for outcome in outcomes if isinstance(outcome, agenda.SessionFull)]
    assert len(refused) == RACERS - 3


def test_an_attendee_double_clicking_from_many_tabs_holds_one_session_seat():
    conference = ConferenceFactory()
    session = SessionFactory(conference=conference, capacity=2)
    member = CustomerFactory()
    registrations.register(event=conference, member=member)

    outcomes = run_together(
        lambda _: agenda.add_session(session=session, member=member), range(8), keep_errors=True
    )

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert ConferenceSession.objects.get(pk=session.pk).seats_taken == 1
