"""Reads of the events app, shaped for the pages and feeds that show them."""

from django.db.models import QuerySet
from django.utils import timezone

from . import permissions
from .models import ChapterMembership, Registration, RegistrationStatus
from .pages import ChapterPage, EventPage


def visible_event_or_none(event_id: int) -> EventPage | None:
    return permissions.visible_events().filter(pk=event_id).first()


def chapter_events(chapter: ChapterPage) -> QuerySet[EventPage]:
    """The chapter's published events, soonest first (its public feed)."""
    return permissions.visible_events().child_of(chapter).order_by("starts_at")


def registration_of(member, event: EventPage) -> Registration | None:
    if not member.is_authenticated:
        return None
    return Registration.objects.filter(event=event, member=member).first()


def member_calendar(member) -> QuerySet[Registration]:
    """The member's registrations their private feed lists: registered, checked in or waiting,
    for events still published, with the events loaded."""
    events = permissions.visible_events().values("pk")
    return (
        Registration.objects.filter(member=member, event__in=events)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at")
    )


def registrations_for_organisers(event: EventPage, *, query: str = "") -> QuerySet[Registration]:
    """The event's registration list: seat holders first, then the waitlist in order."""
    registrations = Registration.objects.filter(event=event).select_related("member__profile")
    if query:
        registrations = registrations.filter(member__display_name__icontains=query) | (
            registrations.filter(code__iexact=query.strip())
        )
    return registrations.order_by("status", "waitlist_position", "created_at")


def chapter_ids_of(member) -> set[int]:
    if not member.is_authenticated:
        return set()
    return set(ChapterMembership.objects.filter(member=member).values_list("chapter_id", flat=True))


def attended_events(member, *, limit: int = 10) -> list[EventPage]:
    """Past events the member was checked in at, newest first (their profile shows them)."""
    ids = Registration.objects.filter(member=member, status=RegistrationStatus.ATTENDED).values(
        "event_id"
    )
    return list(
        permissions.visible_events()
        .filter(pk__in=ids, ends_at__lte=timezone.now())
        .order_by("-starts_at")[:limit]
    )


def export_for_member(member) -> dict:
    """What events hold about the member, for their data export."""
    return {
        "registrations": [
            {
                "event": registration.event.title,
                "starts_at": registration.event.starts_at.isoformat(),
                "status": registration.status,
                "code": registration.code,
                "registered_at": registration.created_at.isoformat(),
                "checked_in_at": (
                    registration.checked_in_at.isoformat() if registration.checked_in_at else None
                ),
            }
            for registration in Registration.objects.filter(member=member)
            .select_related("event")
            .order_by("created_at")
        ],
        "chapters": list(
            ChapterMembership.objects.filter(member=member)
            .order_by("joined_at")
            .values_list("chapter__title", flat=True)
        ),
    }
