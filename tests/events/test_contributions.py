"""What events declare to the core: notification kinds members can choose, content the
notification center can check, and the member's data export."""

import pytest

from community.core import extensions
from community.members.data_export import export_member
from community.notifications.kinds import Delivery, kind_info
from community.notifications.services import preferences_of
from events.notification_kinds import EventKind
from events.pages import EventPage
from events.services import chapters, registrations

pytestmark = pytest.mark.django_db


def test_members_choose_how_they_hear_of_each_event_kind(member):
    preferences = preferences_of(member)
    for kind in EventKind:
        assert kind in preferences
    assert kind_info(EventKind.SEAT_OFFERED).default == Delivery.EMAIL


def test_only_published_events_can_be_opened_from_a_notification(event, member):
    descriptor = extensions.content_for(EventPage)
    assert descriptor.openable_pks(member, {event.pk}) == {event.pk}
    event.unpublish()
    assert descriptor.openable_pks(member, {event.pk}) == set()


def test_the_data_export_holds_the_members_registrations_and_chapters(event, chapter, member):
    registration = registrations.register(event=event, member=member)
    chapters.join(chapter=chapter, member=member)

    exported = export_member(member)["events"]

    assert exported["chapters"] == ["Berlin chapter"]
    (row,) = exported["registrations"]
    assert (row["event"], row["status"], row["code"]) == (
        "Journeys night",
        "registered",
        registration.code,
    )
