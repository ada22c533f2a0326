"""The events a member attended, on their profile page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import RegistrationStatus
from tests.factories.events import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_profile_lists_the_events_the_member_was_checked_in_at(client, member, chapter):
    start = timezone.now() - timedelta(days=10)
    attended = EventFactory(
        parent=chapter, title="Spring meetup", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    missed = EventFactory(
        parent=chapter, title="Summer meetup", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    RegistrationFactory(event=attended, member=member, status=RegistrationStatus.ATTENDED)
    RegistrationFactory(event=missed, member=member, status=RegistrationStatus.REGISTERED)

    html = client.get(member.get_absolute_url()).content.decode()

    assert "Events attended" in html
    assert "Spring meetup" in html
    assert "Summer meetup" not in html


def test_a_member_who_attended_nothing_is_pointed_to_the_events(client, member):
    client.force_login(member)

    html = client.get(member.get_absolute_url()).content.decode()

    assert "No events attended yet" in html
    assert 'href="/events/"' in html


def test_the_profile_costs_the_same_for_one_or_many_events_attended(
    client, member, chapter, django_assert_max_num_queries
):
    def attend(count: int) -> None:
        start = timezone.now() - timedelta(days=10)
        for _ in range(count):
            event = EventFactory(
                parent=chapter, starts_at=start, ends_at=start + timedelta(hours=2)
            )
            RegistrationFactory(event=event, member=member, status=RegistrationStatus.ATTENDED)

    attend(1)
    client.force_login(member)
    client.get(member.get_absolute_url())
    with django_assert_max_num_queries(60) as few:
        assert client.get(member.get_absolute_url()).status_code == 200
    attend(14)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(member.get_absolute_url()).content.decode()
    # The latest ten, whatever the member's history.
    assert html.count('class="activity-item__link"') == 10
