"""Recomputing the stored rollups: for each source, the rows of a range of days are replaced by
what the source computes now, in one transaction, so running it twice (or twice at once) leaves
the same rows, and a dashboard never sees a half-written day. The monthly member rows of the
months the range touches are folded again from the member-days (see `community.insight.months`),
each source's own in its transaction, members active anywhere once every source is in."""

import logging
import time
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from . import months
from .models import SEGMENT, DailyMember, DailyRollup, DailyTerm, MonthlyMember, RollupRun
from .sources import Aggregation, InsightSource, RollupRow, Segment, all_sources

logger = logging.getLogger(__name__)

BATCH = 5_000


def _lock(name: str) -> None:
    # Two rollups of one source at once (the nightly task and a manager's command) would each
    # delete then insert, doubling the rows: the second waits for the first to commit.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            key = zlib.crc32(f"insight:{name}".encode())
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
    # SQLite runs one writing transaction at a time (transaction_mode IMMEDIATE) already.


def _columns(day: date, metric: str, segment: Segment) -> dict:
    return {
        "day": day,
        "metric": metric,
        "industry_id": segment.industry_id,
        "region_id": segment.region_id,
        "audience": segment.audience,
        "role": segment.role,
    }


def _stored(source: InsightSource, rows: Iterable[RollupRow], since: date, until: date):
    """The rows to store, with rows of the same day, metric, segment and bucket added up."""
    distinct = {m.key for m in source.metrics if m.aggregation == Aggregation.DISTINCT}
    numbers: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0])
    members: set[tuple] = set()
    terms: dict[tuple, int] = defaultdict(int)
    declared = {m.key for m in source.metrics} | set(source.term_metrics)
    for row in rows:
        # Rows of other days or undeclared metrics would never be replaced: they are dropped.
        if not since <= row.day <= until or row.metric not in declared:
            continue
        key = (row.day, row.metric, row.segment)
        if row.metric in source.term_metrics:
            terms[(*key, row.term[:100])] += int(row.total)
        elif row.metric in distinct:
            members.add((*key, row.member_id))
        else:
            totals = numbers[(*key, row.bucket)]
            totals[0] += row.total
            totals[1] += row.count
    return (
        [
            DailyRollup(**_columns(*key[:3]), bucket=key[3], total=t, count=c)
            for key, (t, c) in numbers.items()
        ],
        [DailyMember(**_columns(*key[:3]), member_id=key[3]) for key in members],
        [DailyTerm(**_columns(*key[:3]), term=key[3], count=n) for key, n in terms.items()],
    )


def _fold_months(keys: list[str], since: date, until: date, *, pooled_as: str = "") -> int:
    """Rewrite the monthly member rows of the months `since` to `until` touch from the stored
    member-days of `keys` (the days of those months outside the range included), under each
    key, or all under `pooled_as`: each member once, with their days under any of the keys."""
    first, last = months.first_of(since), months.last_of(until)
    stored_as = [pooled_as] if pooled_as else keys
    MonthlyMember.objects.filter(metric__in=stored_as, day__gte=first, day__lte=last).delete()
    columns = ["member_id", *SEGMENT] + ([] if pooled_as else ["metric"])
    folded = (
        DailyMember.objects.filter(metric__in=keys, day__gte=first, day__lte=last)
        .values(*columns, month=months.month_of_day())
        .annotate(days=months.days_of_month())
        .order_by()
    )
    rows = [
        MonthlyMember(
            metric=pooled_as or row["metric"],
            day=row["month"],
            member_id=row["member_id"],
            days=row["days"],
            **{column: row[column] for column in SEGMENT},
        )
        for row in folded.iterator(chunk_size=BATCH)
    ]
    MonthlyMember.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _distinct_keys(sources: Sequence[InsightSource], *, pools: bool) -> list[str]:
    return [
        metric.key
        for source in sources
        for metric in source.metrics
        if metric.aggregation == Aggregation.DISTINCT and metric.pools == pools
    ]


def recompute(
    *, since: date, until: date | None = None, sources: Sequence[InsightSource] | None = None
) -> RollupRun:
    """Replace the stored rollups of every day from `since` to `until` (today when omitted)."""
    until = until or timezone.localdate()
    started = time.monotonic()
    written = 0
    for source in all_sources() if sources is None else sources:
        own = _distinct_keys([source], pools=False)
        numbers, members, terms = _stored(source, source.rollup(since, until), since, until)
        keys = [metric.key for metric in source.metrics] + list(source.term_metrics)
        with transaction.atomic():
            _lock(source.name)
            for model, new_rows in (
                (DailyRollup, numbers),
                (DailyMember, members),
                (DailyTerm, terms),
            ):
                model.objects.filter(metric__in=keys, day__gte=since, day__lte=until).delete()
                model.objects.bulk_create(new_rows, batch_size=BATCH)
                written += len(new_rows)
            if own:
                written += _fold_months(own, since, until)
        logger.info(
            "Insight rollup of %s from %s to %s: %s rows", source.name, since, until, written
        )
    # Members active anywhere: every source's member-days together, once every source is in
    # (sources not recomputed now count with the days they hold).
    everyone = all_sources()
    pooled = _distinct_keys(everyone, pools=True)
    if pooled:
        with transaction.atomic():
            _lock("members pooled")
            for key in pooled:
                written += _fold_months(
                    _distinct_keys(everyone, pools=False), since, until, pooled_as=key
                )
    _mark_visible()
    return RollupRun.objects.create(
        since=since, until=until, rows=written, seconds=round(time.monotonic() - started, 3)
    )


def _mark_visible() -> None:
    """Vacuum the tables the dashboard reads. The dashboard answers from covering indexes, but
    PostgreSQL reads the table's page of every row not yet marked visible to all, which rows
    just written are not; and the nightly rewrite is too small a share of the tables for
    autovacuum to come by soon. VACUUM cannot run in a transaction: inside one (a caller's, a
    test's) the rows wait for autovacuum."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = ", ".join(
        connection.ops.quote_name(model._meta.db_table)
        for model in (DailyRollup, MonthlyMember, DailyTerm)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")


def last_run() -> RollupRun | None:
    return RollupRun.objects.order_by("-finished_at").first()
