"""Events, learning and stories hand in their numbers too, and only what anyone may see counts:
a private event's registrations don't, a cancelled registration doesn't."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from community.insight import rollup
from events import insight_source as events
from events.models import RegistrationStatus
from tests.factories import CustomerFactory
from tests.factories.events import EventFactory, RegistrationFactory
from tests.insight.reading import numbers_now


@pytest.fixture
def held_event(site_tree):
    return EventFactory(
        title="Journeys meetup in Berlin",
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=2),
    )


def test_attendance_rate_is_those_who_came_over_the_seats_held(held_event):
    members = [CustomerFactory() for _ in range(4)]
    RegistrationFactory(event=held_event, member=members[0], status=RegistrationStatus.ATTENDED)
    RegistrationFactory(event=held_event, member=members[1], status=RegistrationStatus.ATTENDED)
    RegistrationFactory(event=held_event, member=members[2], status=RegistrationStatus.REGISTERED)
    RegistrationFactory(event=held_event, member=members[3], status=RegistrationStatus.CANCELLED)
    rollup.recompute(since=timezone.localdate() - timedelta(days=10))
    numbers = numbers_now()
    assert numbers[events.REGISTRATIONS] == 3  # the cancelled one is no registration
    assert numbers[events.ATTENDANCE] == pytest.approx(2 / 3)
    assert numbers[events.ACTIVE] == 3


def test_a_private_events_registrations_are_not_counted(held_event):
    PageViewRestriction.objects.create(page=held_event, restriction_type="login")
    RegistrationFactory(event=held_event, member=CustomerFactory())
    rollup.recompute(since=timezone.localdate() - timedelta(days=10))
    assert events.REGISTRATIONS not in numbers_now()


def test_the_rollup_command_recomputes_a_range_and_refuses_a_backwards_one(held_event, capsys):
    RegistrationFactory(event=held_event, member=CustomerFactory())
    call_command("insight_rollup", "--since", str(timezone.localdate() - timedelta(days=3)))
    assert "Rolled up" in capsys.readouterr().out
    assert numbers_now()[events.REGISTRATIONS] == 1
    with pytest.raises(CommandError, match="before --until"):
        call_command("insight_rollup", "--since", "2026-03-02", "--until", "2026-03-01")
    with pytest.raises(CommandError, match="not a date"):
        call_command("insight_rollup", "--since", "２０２６-01-01")
    with pytest.raises(CommandError, match="Unknown source"):
        call_command("insight_rollup", "--source", "nowhere")
