"""Reads of a member's notifications, shaped for the center, the bell and the catch-up request."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from community.members.models import User

from .models import Announcement, Notification
from .targets import unavailable_ids

PAGE_SIZE = 30
CATCH_UP_LIMIT = 50


@dataclass
class InboxPage:
    notifications: list[Notification]
    unavailable: set[int] = field(default_factory=set)
    next_before: int | None = None  # cursor of the next (older) page
    unread_only: bool = False


def _inbox(member: User, *, unread_only: bool) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient=member).select_related("actor__profile")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-pk")


def inbox_page(member: User, *, before: int | None = None, unread_only: bool = False) -> InboxPage:
    """Newest first, PAGE_SIZE at a time by id, so any page costs the same."""
    notifications = _inbox(member, unread_only=unread_only)
    if before:
        notifications = notifications.filter(pk__lt=before)
    rows = list(notifications[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return InboxPage(
        notifications=rows,
        unavailable=unavailable_ids(member, rows),
        next_before=rows[-1].pk if more else None,
        unread_only=unread_only,
    )


def since(member: User, after_id: int) -> tuple[list[Notification], set[int], bool]:
    """What arrived after `after_id`, oldest first: a reconnecting client's catch-up."""
    rows = list(
        Notification.objects.filter(recipient=member, pk__gt=after_id).order_by("pk")[
            : CATCH_UP_LIMIT + 1
        ]
    )
    more = len(rows) > CATCH_UP_LIMIT
    rows = rows[:CATCH_UP_LIMIT]
    return rows, unavailable_ids(member, rows), more


def latest_id(member: User) -> int:
    return (
        Notification.objects.filter(recipient=member)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
        or 0
    )


def announcement_for(member: User, pk: int) -> Announcement:
    """An announcement its recipients (and community managers) may read; others get DoesNotExist."""
    announcements = Announcement.objects.exclude(status=Announcement.Status.DRAFT)
    if member.is_community_manager:
        return Announcement.objects.get(pk=pk)
    received = Notification.objects.filter(
        recipient=member,
        target_type=ContentType.objects.get_for_model(Announcement),
        target_id=pk,
    )
    return announcements.filter(pk=pk, pk__in=received.values("target_id")).get()
