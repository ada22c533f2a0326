"""Announcements from community managers to a segment of members.

Queuing is quick (the request only counts and queues); the fan-out runs as a background task
that writes notifications in batches and can resume where it stopped without sending twice.
"""

import hashlib
import json
import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from community.core.markdown import render_markdown
from community.members.models import Audience, User

from .kinds import Kind
from .models import Announcement
from .services import notify

logger = logging.getLogger(__name__)


def matching_members(announcement: Announcement) -> QuerySet[User]:
    """Active members in the announcement's segment, banned members excluded."""
    return segment_members(
        industries=announcement.industries.values_list("pk", flat=True),
        regions=announcement.regions.values_list("pk", flat=True),
        audiences=announcement.audiences or [],
        roles=announcement.roles.values_list("pk", flat=True),
    )


def segment_members(
    *, industries: Iterable, regions: Iterable, audiences: Iterable[str], roles: Iterable
) -> QuerySet[User]:
    """Members matching a segment: any listed value within a criterion, every criterion at
    once; an empty criterion matches everyone. Items may be ids or model instances."""
    members = User.objects.filter(is_active=True, profile__banned_at__isnull=True)
    industries, regions, roles = _pks(industries), _pks(regions), _pks(roles)
    if industries:
        members = members.filter(profile__industry__in=industries)
    if regions:
        members = members.filter(profile__country__region__in=regions)
    audiences = set(audiences)
    if audiences and audiences != {a.value for a in Audience}:
        # Members who work with both kinds of customer hear of either.
        members = members.filter(profile__audience__in=audiences | {Audience.BOTH})
    if roles:
        members = members.filter(groups__in=roles)
    return members.distinct() if roles else members


def _pks(items: Iterable) -> list:
    return [getattr(item, "pk", item) for item in items]


def save_announcement(
    *, announcement: Announcement, author: User, roles=None, industries=None, regions=None
) -> Announcement:
    """Save a draft (its Markdown rendered once, here); sent announcements can't change."""
    _ensure_manager(author)
    if (
        announcement.pk
        and not Announcement.objects.filter(
            pk=announcement.pk, status=Announcement.Status.DRAFT
        ).exists()
    ):
        raise ValidationError("This announcement was already sent and can't be changed.")
    unknown = set(announcement.audiences or []) - {a.value for a in Audience}
    if unknown:
        raise ValidationError(f"Unknown audience: {', '.join(sorted(unknown))}.")
    announcement.body_html = render_markdown(announcement.body_source)
    if announcement.created_by_id is None:
        announcement.created_by = author
    with transaction.atomic():
        announcement.save()
        if roles is not None:
            announcement.roles.set(roles)
        if industries is not None:
            announcement.industries.set(industries)
        if regions is not None:
            announcement.regions.set(regions)
    return announcement


def review_fingerprint(announcement: Announcement) -> str:
    """Changes whenever the message or its segment does: what the sender reviewed is sent."""
    reviewed = {
        "text": [announcement.title, announcement.body_source, announcement.link_url],
        "industries": sorted(announcement.industries.values_list("pk", flat=True)),
        "regions": sorted(announcement.regions.values_list("pk", flat=True)),
        "audiences": sorted(announcement.audiences or []),
        "roles": sorted(announcement.roles.values_list("pk", flat=True)),
    }
    return hashlib.sha256(json.dumps(reviewed).encode()).hexdigest()[:32]


def queue_announcement(
    *, announcement: Announcement, sender: User, reviewed: str | None = None
) -> Announcement:
    """Fix the audience size and hand the fan-out to the background worker (once).

    `reviewed` is the `review_fingerprint` the sender saw; if the draft changed since, nothing
    is sent.
    """
    _ensure_manager(sender)
    from .tasks import deliver_announcement

    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if locked.status != Announcement.Status.DRAFT:
            raise ValidationError("This announcement was already sent.")
        locked.recipient_count = matching_members(locked).count()
        if not locked.recipient_count:
            raise ValidationError("No member matches this segment; widen it before sending.")
        if reviewed is not None and reviewed != review_fingerprint(locked):
            raise ValidationError(
                "The draft or its segment changed since you reviewed it; review it again."
            )
        locked.status = Announcement.Status.QUEUED
        locked.sent_by = sender
        locked.queued_at = timezone.now()
        locked.save(update_fields=["status", "sent_by", "queued_at", "recipient_count"])
        transaction.on_commit(lambda: deliver_announcement.enqueue(locked.pk))
    return locked


def deliver(announcement_id: int, *, batch_size: int) -> int:
    """Notify every matching member, a batch per transaction; returns how many were notified.

    Each batch moves `delivered_up_to` in the same transaction as its notifications, so a
    second worker or a restart continues after the last committed batch.
    """
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
        if announcement.status == Announcement.Status.SENT:
            return 0
        if announcement.status == Announcement.Status.DRAFT:
            raise ValidationError("Only a queued announcement is delivered.")
        Announcement.objects.filter(pk=announcement_id).update(status=Announcement.Status.SENDING)
    delivered = 0
    text = f"Announcement: {announcement.title}"
    members = matching_members(announcement).order_by("pk")
    while True:
        with transaction.atomic():
            done_up_to = (
                Announcement.objects.select_for_update()
                .values_list("delivered_up_to", flat=True)
                .get(pk=announcement_id)
            )
            batch = list(
                members.filter(pk__gt=done_up_to).values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                break
            notify(
                kind=Kind.ANNOUNCEMENT,
                recipients=batch,
                text=text,
                url=announcement.get_absolute_url(),
                target=announcement,
                live_timeout=10.0,
            )
            Announcement.objects.filter(pk=announcement_id).update(delivered_up_to=batch[-1])
        delivered += len(batch)
    Announcement.objects.filter(pk=announcement_id).update(
        status=Announcement.Status.SENT, sent_at=timezone.now()
    )
    logger.info("Announcement %s reached %d members", announcement_id, delivered)
    return delivered


def _ensure_manager(member: User) -> None:
    if not (member.is_authenticated and member.is_community_manager):
        raise PermissionDenied("Only community managers can send announcements.")
