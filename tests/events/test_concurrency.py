"""Seats stay exact when many members race for the last ones.

These need real row locks and concurrent connections, so they run on PostgreSQL only.
"""

from events.models import Registration, RegistrationStatus
from events.pages import EventPage
from events.services import registrations
from tests.concurrency import ON_POSTGRESQL_WITH_THREADS, run_together
from tests.factories import CustomerFactory
from tests.factories.events import EventFactory

pytestmark = ON_POSTGRESQL_WITH_THREADS

RACERS = 12


def seats(event) -> tuple[int, int, int, int]:
    event = EventPage.objects.get(pk=event.pk)
    rows = Registration.objects.filter(event=event)
    return (
        event.registered_count,
        rows.filter(status=RegistrationStatus.REGISTERED).count(),
        event.waitlist_count,
        rows.filter(status=RegistrationStatus.WAITLISTED).count(),
    )


def test_last_seat_is_never_oversold_when_many_members_race_for_it():
    event = EventFactory(capacity=3)
    racers = [CustomerFactory() for _ in range(RACERS)]

    run_together(lambda member: registrations.register(event=event, member=member), racers)

    registered, registered_rows, waiting, waiting_rows = seats(event)
    assert (registered, registered_rows) == (3, 3)
    assert (waiting, waiting_rows) == (RACERS - 3, RACERS - 3)
    positions = sorted(
        Registration.objects.filter(event=event, status="waitlisted").values_list(
            "waitlist_position", flat=True
        )
    )
    assert positions == list(range(1, RACERS - 2))


def test_a_member_double_clicking_from_many_tabs_holds_one_seat():
    event = EventFactory(capacity=2)
    member = CustomerFactory()

    run_together(lambda _: registrations.register(event=event, member=member), range(8))

    assert seats(event) == (1, 1, 0, 0)


def test_cancellations_and_registrations_racing_never_oversell():
    event = EventFactory(capacity=4)
    holders = [CustomerFactory() for _ in range(4)]
    for member in holders:
        registrations.register(event=event, member=member)
    newcomers = [CustomerFactory() for _ in range(8)]

    def act(pair):
        kind, member = pair
        if kind == "cancel":
            registrations.cancel(event=event, member=member)
        else:
            registrations.register(event=event, member=member)

    run_together(act, [("cancel", m) for m in holders[:2]] + [("register", m) for m in newcomers])

    registered, registered_rows, waiting, waiting_rows = seats(event)
    assert registered == registered_rows == 4
    assert waiting == waiting_rows == 6
