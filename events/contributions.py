"""Everything events contribute to the community's core (see `community.core.extensions`)."""

from django.db.models import Count

from community.core.demo import Seeder
from community.core.extensions import Contributions, page_content
from community.members.profile_sections import ProfileFact, ProfileSection
from community.notifications.kinds import Delivery, KindInfo

from . import demo, insight_source, permissions, search, selectors
from .models import Registration, RegistrationStatus
from .notification_kinds import EventKind
from .pages import ChapterPage, EventPage
from .publishing import connect_signals


def _events_attended(member, viewer) -> dict:
    return {
        "member": member,
        "events": selectors.attended_events(member),
        "stylesheet": "community/css/events.css",
    }


def _events_attended_count(member_ids) -> dict[int, int]:
    """How many events each member was checked in at."""
    return dict(
        Registration.objects.filter(member_id__in=member_ids, status=RegistrationStatus.ATTENDED)
        .values_list("member_id")
        .annotate(count=Count("pk"))
    )


contributions = Contributions(
    content=[
        page_content(
            EventPage, kind="event", label="Event", icon="date", visible=permissions.visible_events
        ),
        page_content(
            ChapterPage,
            kind="chapter",
            label="Chapter",
            icon="group",
            visible=permissions.visible_chapters,
        ),
    ],
    notification_kinds=[
        KindInfo(
            EventKind.SEAT_OFFERED,
            "A seat for you",
            "A seat opens at an event whose waitlist you are on: you are registered.",
            default=Delivery.EMAIL,
            order=110,
            icon="success",
        ),
        KindInfo(
            EventKind.EVENT_CHANGED,
            "Changes to your events",
            "An event you registered or wait for changes its time, place or join link, or is "
            "cancelled.",
            default=Delivery.EMAIL,
            order=120,
            icon="events",
        ),
        KindInfo(
            EventKind.EVENT_REMINDER,
            "Event reminders",
            "A day and an hour before an event you registered for.",
            default=Delivery.EMAIL,
            order=130,
            icon="events",
        ),
        KindInfo(
            EventKind.CHAPTER_EVENT,
            "Events of your chapters",
            "A chapter you joined announces an event.",
            default=Delivery.DIGEST,
            order=140,
            icon="events",
        ),
    ],
    search_types=search.SEARCH_TYPES,
    profile_sections=[
        ProfileSection(
            title="Events attended",
            template="events/includes/profile_attended.html",
            order=30,
            load=_events_attended,
        )
    ],
    profile_facts=[ProfileFact(label="events attended", order=30, count=_events_attended_count)],
    exporters={"events": selectors.export_for_member},
    seeders=[Seeder(name="events", order=40, seed=demo.seed_events)],
    insight_sources=[insight_source.source],
    startup=[connect_signals, search.connect_signals],
)
