"""The survey prompt in the page chrome, at no query for most page views.

Each member's pending surveys (invited, neither answered nor dismissed, not closed) are cached
under one key, with their windows, so a survey opening later appears on time without a write.
The key is deleted exactly when its answer changes: invitations written, an answer, a dismissal,
a survey's window edited. A cache that is down reads as a miss: one indexed query.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from .models import Invitation, Survey, question_for

# Only a safety net: every change that matters deletes the key.
CACHE_SECONDS = 6 * 60 * 60


def _key(member_id: int) -> str:
    return f"listening:pending:{member_id}"


def _pending_rows(member_id: int) -> list[dict]:
    return list(
        Invitation.objects.filter(
            member_id=member_id,
            answered_at__isnull=True,
            dismissed_at__isnull=True,
            survey__status=Survey.Status.LAUNCHED,
            survey__closes_at__gt=timezone.now(),
        )
        .order_by("survey__opens_at", "survey_id")
        .values(
            "survey_id",
            product_name=F("survey__product_name"),
            ask_reason=F("survey__ask_reason"),
            reason_question=F("survey__reason_question"),
            opens_at=F("survey__opens_at"),
            closes_at=F("survey__closes_at"),
        )
    )


def pending_surveys(member, *, now: datetime | None = None) -> list[dict]:
    """The member's surveys open right now, oldest first, as dicts the prompt renders."""
    if member is None or not member.is_authenticated:
        return []
    rows = cache.get(_key(member.pk))
    if rows is None:
        rows = _pending_rows(member.pk)
        cache.set(_key(member.pk), rows, CACHE_SECONDS)
    now = now or timezone.now()
    return [
        {**row, "question": question_for(row["product_name"])}
        for row in rows
        if row["opens_at"] <= now < row["closes_at"]
    ]


def forget(member_ids: Iterable[int]) -> None:
    """Their pending surveys changed: read them again on the next page."""
    keys = [_key(member_id) for member_id in member_ids]
    if keys:
        cache.delete_many(keys)
