"""Reads for the community managers' review queue.

The queue is one SQL union of two kinds of rows: items with open reports (grouped and counted)
and items held for approval that nobody reported. Filtering, sorting, counting and paging all
happen in the database, and a page is then filled in with a fixed number of queries: one for
the reasons, one for the latest report texts and one per kind of item on the page.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Q, QuerySet, Value, Window
from django.db.models.functions import RowNumber

from community.members.models import User

from . import registry
from .models import ModerationAction, Report
from .registry import Moderatable
from .trust import needs_approval

LATEST_REPORTS_SHOWN = 3


class QueueStatus:
    """Why an item is in the queue (the queue's "status" filter)."""

    REPORTED = "reported"
    HELD = "held"
    CHOICES = [(REPORTED, "Reported"), (HELD, "Awaiting approval")]


# Each ordering the queue offers -> the columns of the union it sorts by. Ties fall back to
# the item's identity so that pages never overlap.
QUEUE_ORDERINGS: dict[str, tuple[str, ...]] = {
    "-latest": ("-latest", "-target_type_id", "-target_id"),
    "latest": ("latest", "target_type_id", "target_id"),
    "-reporters": ("-reporters", "-reports", "-latest", "-target_type_id", "-target_id"),
    "reporters": ("reporters", "reports", "-latest", "-target_type_id", "-target_id"),
}
DEFAULT_QUEUE_ORDERING = "-latest"

STATE_LABELS = {
    "published": "Published",
    "held": "Awaiting approval",
    "hidden": "Hidden",
    "deleted": "Removed",
}


def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state.replace("_", " ").capitalize())


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    label: str
    count: int


@dataclass
class QueueEntry:
    """One item waiting for a community manager, with its open reports summed up (what the
    decision rules read: see rules.UnderReview)."""

    adapter: Moderatable
    target_type_id: int
    target_id: int
    item: Any | None
    reports: int
    reporters: int
    latest: datetime
    reasons: list[ReasonCount] = field(default_factory=list)
    latest_reports: list[Report] = field(default_factory=list)
    hold_reason: str = ""

    @property
    def kind(self) -> str:
        return self.adapter.kind

    @property
    def exists(self) -> bool:
        return self.item is not None

    @cached_property
    def title(self) -> str:
        if self.item is None:
            return f"{self.kind.capitalize()} {self.target_id} (no longer exists)"
        return self.adapter.title(self.item)

    @cached_property
    def excerpt(self) -> str:
        return self.adapter.excerpt(self.item) if self.item is not None else ""

    @cached_property
    def context(self) -> str:
        return self.adapter.context(self.item) if self.item is not None else ""

    @cached_property
    def author(self) -> User | None:
        return self.adapter.author(self.item) if self.item is not None else None

    @cached_property
    def state(self) -> str:
        return self.adapter.state(self.item) if self.item is not None else ""

    @property
    def state_label(self) -> str:
        return state_label(self.state) if self.state else ""

    @property
    def is_held(self) -> bool:
        return self.state == "held"

    @property
    def can_delete(self) -> bool:
        return self.adapter.can_delete

    @property
    def author_is_new(self) -> bool:
        """The author's posts still wait for approval (see trust.needs_approval)."""
        return self.author is not None and needs_approval(self.author)

    @cached_property
    def url(self) -> str:
        return self.adapter.url(self.item) if self.item is not None else ""

    @cached_property
    def edit_url(self) -> str:
        return self.adapter.edit_url(self.item) if self.item is not None else ""


def _adapters_by_type(kind: str = "") -> dict[int, Moderatable]:
    # get_for_model() is served from ContentType's own cache after the first call.
    return {
        ContentType.objects.get_for_model(adapter.model).pk: adapter
        for adapter in registry.adapters()
        if not kind or adapter.kind == kind
    }


def _held_by_type(adapters: dict[int, Moderatable]) -> dict[int, QuerySet]:
    held = {type_id: adapter.held() for type_id, adapter in adapters.items()}
    return {type_id: items for type_id, items in held.items() if not items.query.is_empty()}


def queue(
    *,
    kind: str = "",
    reason: str = "",
    status: str = "",
    ordering: str = DEFAULT_QUEUE_ORDERING,
) -> QuerySet:
    """What waits for review, as rows of target_type_id, target_id, reports, reporters, latest.

    Items with open reports come once each, whatever their state; held items nobody reported
    come too, unless the queue is narrowed to reported items or to one reason.
    """
    adapters = _adapters_by_type(kind)
    held = _held_by_type(adapters)

    reported = (
        Report.objects.filter(status=Report.Status.OPEN, target_type_id__in=list(adapters))
        .values("target_type_id", "target_id")
        .annotate(
            reports=Count("pk"),
            reporters=Count("reporter_id", distinct=True),
            latest=Max("created_at"),
        )
        .order_by()
    )
    if reason:
        # Counted with a filter rather than filtered first, so the row still counts every report.
        reported = reported.alias(
            matching=Count("pk", filter=Q(reason=reason)),
        ).filter(matching__gt=0)
    if status == QueueStatus.HELD:
        held_items = Q()
        for type_id, items in held.items():
            held_items |= Q(target_type_id=type_id, target_id__in=items.values("pk"))
        reported = reported.filter(held_items) if held else reported.none()

    parts = [reported]
    if status != QueueStatus.REPORTED and not reason:
        for type_id, items in held.items():
            open_reports = Report.objects.filter(
                status=Report.Status.OPEN, target_type_id=type_id
            ).values("target_id")
            parts.append(
                items.exclude(pk__in=open_reports)
                .order_by()
                .values(
                    target_type_id=Value(type_id),
                    target_id=F("pk"),
                    reports=Value(0),
                    reporters=Value(0),
                    latest=F("held_since"),
                )
            )

    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return rows.order_by(*QUEUE_ORDERINGS.get(ordering, QUEUE_ORDERINGS[DEFAULT_QUEUE_ORDERING]))


def pending_count() -> int:
    """How many items wait for review (the number on the admin menu)."""
    return queue().count()


def _keys_filter(keys: Iterable[tuple[int, int]]) -> Q:
    ids_by_type: dict[int, list[int]] = defaultdict(list)
    for type_id, target_id in keys:
        ids_by_type[type_id].append(target_id)
    condition = Q(pk__in=[])
    for type_id, ids in ids_by_type.items():
        condition |= Q(target_type_id=type_id, target_id__in=ids)
    return condition


def _reason_counts(keys: list[tuple[int, int]]) -> dict[tuple[int, int], list[ReasonCount]]:
    if not keys:
        return {}
    counts: dict[tuple[int, int], list[ReasonCount]] = defaultdict(list)
    rows = (
        Report.objects.filter(_keys_filter(keys), status=Report.Status.OPEN)
        .values("target_type_id", "target_id", "reason")
        .annotate(count=Count("pk"))
        .order_by("-count", "reason")
    )
    labels = dict(Report.Reason.choices)
    for row in rows:
        counts[(row["target_type_id"], row["target_id"])].append(
            ReasonCount(row["reason"], labels.get(row["reason"], row["reason"]), row["count"])
        )
    return counts


def _latest_reports(
    keys: list[tuple[int, int]], per_item: int = LATEST_REPORTS_SHOWN
) -> dict[tuple[int, int], list[Report]]:
    """The newest open reports that say something, a few per item, in one query."""
    if not keys:
        return {}
    reports = (
        Report.objects.filter(_keys_filter(keys), status=Report.Status.OPEN)
        .exclude(text="")
        .select_related("reporter")
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("target_type_id"), F("target_id")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(position__lte=per_item)
        .order_by("-created_at", "-pk")
    )
    latest: dict[tuple[int, int], list[Report]] = defaultdict(list)
    for report in reports:
        latest[(report.target_type_id, report.target_id)].append(report)
    return latest


def _hold_reasons(keys: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Why each held item was held, as the screening wrote it in the audit log."""
    if not keys:
        return {}
    reasons: dict[tuple[int, int], str] = {}
    holds = (
        ModerationAction.objects.filter(_keys_filter(keys), action="hold")
        .order_by("-created_at", "-pk")
        .values_list("target_type_id", "target_id", "reason")
    )
    for type_id, target_id, reason in holds:
        reasons.setdefault((type_id, target_id), reason)
    return reasons


def queue_entries(rows: Iterable[dict]) -> list[QueueEntry]:
    """Fill in a page of queue rows: the items, their reasons and latest report texts, and why
    held items were held."""
    rows = list(rows)
    adapters = _adapters_by_type()
    rows = [row for row in rows if row["target_type_id"] in adapters]
    keys = [(row["target_type_id"], row["target_id"]) for row in rows]
    reported = [key for key, row in zip(keys, rows, strict=True) if row["reports"]]
    reasons = _reason_counts(reported)
    latest = _latest_reports(reported)

    ids_by_type: dict[int, list[int]] = defaultdict(list)
    for type_id, target_id in keys:
        ids_by_type[type_id].append(target_id)
    items: dict[tuple[int, int], Any] = {}
    for type_id, ids in ids_by_type.items():
        for pk, item in adapters[type_id].load(ids).items():
            items[(type_id, pk)] = item

    entries = [
        QueueEntry(
            adapter=adapters[key[0]],
            target_type_id=key[0],
            target_id=key[1],
            item=items.get(key),
            reports=row["reports"],
            reporters=row["reporters"],
            latest=row["latest"],
            reasons=reasons.get(key, []),
            latest_reports=latest.get(key, []),
        )
        for key, row in zip(keys, rows, strict=True)
    ]
    held = [(e.target_type_id, e.target_id) for e in entries if e.is_held]
    hold_reasons = _hold_reasons(held)
    for entry in entries:
        entry.hold_reason = hold_reasons.get((entry.target_type_id, entry.target_id), "")
    return entries


def entry_for(adapter: Moderatable, pk: int) -> QueueEntry | None:
    """One item as the review page shows it, whether or not it is still in the queue."""
    item = adapter.load([pk]).get(pk)
    if item is None:
        return None
    type_id = ContentType.objects.get_for_model(adapter.model).pk
    summary = Report.objects.filter(
        target_type_id=type_id, target_id=pk, status=Report.Status.OPEN
    ).aggregate(
        reports=Count("pk"),
        reporters=Count("reporter_id", distinct=True),
        latest=Max("created_at"),
    )
    key = (type_id, pk)
    entry = QueueEntry(
        adapter=adapter,
        target_type_id=type_id,
        target_id=pk,
        item=item,
        reports=summary["reports"],
        reporters=summary["reporters"],
        latest=summary["latest"],
        reasons=_reason_counts([key]).get(key, []) if summary["reports"] else [],
    )
    if entry.is_held:
        entry.hold_reason = _hold_reasons([key]).get(key, "")
    return entry


def reports_on(entry: QueueEntry, *, limit: int = 50) -> list[Report]:
    """Every report on the item, open ones first, newest first."""
    return list(
        Report.objects.filter(target_type_id=entry.target_type_id, target_id=entry.target_id)
        .select_related("reporter")
        # Open reports have no resolved_at yet, so they come first.
        .order_by(F("resolved_at").desc(nulls_first=True), "-created_at")[:limit]
    )


def history(entry: QueueEntry, *, limit: int = 15) -> list[ModerationAction]:
    """The latest audit log lines about the item or its author."""
    about = Q(target_type_id=entry.target_type_id, target_id=entry.target_id)
    if entry.author is not None:
        about |= Q(member=entry.author)
    return list(ModerationAction.objects.filter(about).select_related("actor", "member")[:limit])
