"""Reading the stored rollups back as numbers: each metric combined over the chosen days and
segments by its own rule (see `community.insight.sources`), optionally grouped (by industry, by
region, by week...). A fixed number of queries whatever the period or the data: one per kind of
aggregation asked for."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Count, Q, Sum

from . import histogram, months
from .models import DailyRollup, DailyTerm, MonthlyMember
from .sources import Aggregation, Metric, Period, SegmentFilter

Group = tuple  # the values of the group-by columns, in order (() when not grouped)


def segment_q(segments: SegmentFilter) -> Q:
    condition = Q()
    if segments.industries:
        condition &= Q(industry_id__in=segments.industries)
    if segments.regions:
        condition &= Q(region_id__in=segments.regions)
    if segments.audiences:
        condition &= Q(audience__in=segments.audiences)
    if segments.roles:
        condition &= Q(role__in=segments.roles)
    return condition


def _where(period: Period, segments: SegmentFilter) -> Q:
    return Q(day__gte=period.start, day__lte=period.end) & segment_q(segments)


def _grouped(queryset, group_by: Mapping[str, Any], *extra: str):
    names = list(group_by)
    return queryset.annotate(**group_by).values(*names, *extra), names


def numbers(
    metrics: Sequence[Metric],
    period: Period,
    segments: SegmentFilter,
    group_by: Mapping[str, Any] | None = None,
) -> dict[Group, dict[str, tuple[float | None, int]]]:
    """{group: {metric key: (value, samples)}}. `value` is None where nothing was recorded;
    `samples` is how many observations it rests on (questions, answers, members...).
    DISTINCT metrics group by segment columns only (see `members_by_slot` for a trend)."""
    group_by = group_by or {}
    where = _where(period, segments)
    result: dict[Group, dict[str, tuple[float | None, int]]] = defaultdict(dict)
    by_kind: dict[Aggregation, list[Metric]] = defaultdict(list)
    for metric in metrics:
        by_kind[metric.aggregation].append(metric)

    plain = by_kind[Aggregation.COUNT] + by_kind[Aggregation.RATIO]
    if plain:
        rows, names = _grouped(
            DailyRollup.objects.filter(where, metric__in=[m.key for m in plain]),
            group_by,
            "metric",
        )
        kinds = {m.key: m.aggregation for m in plain}
        for row in rows.annotate(t=Sum("total"), c=Sum("count")).order_by():
            group = tuple(row[name] for name in names)
            total, count = row["t"] or 0, row["c"] or 0
            if kinds[row["metric"]] == Aggregation.COUNT:
                result[group][row["metric"]] = (total, count)
            else:
                result[group][row["metric"]] = (total / count if count else None, count)

    medians = by_kind[Aggregation.MEDIAN]
    if medians:
        rows, names = _grouped(
            DailyRollup.objects.filter(where, metric__in=[m.key for m in medians]),
            group_by,
            "metric",
            "bucket",
        )
        buckets: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
        for row in rows.annotate(c=Sum("count")).order_by():
            group = tuple(row[name] for name in names)
            buckets[(group, row["metric"])].append((row["bucket"], row["c"] or 0))
        for (group, key), counts in buckets.items():
            result[group][key] = (histogram.median(counts), sum(c for _, c in counts))

    # Members are counted once per metric, from a row per member and month; a pooled metric
    # (members active anywhere) has rows of its own, each member once across every source.
    distinct = [m.key for m in by_kind[Aggregation.DISTINCT]]
    if distinct:
        members = MonthlyMember.objects.filter(
            months.in_period(period), segment_q(segments), metric__in=distinct
        )
        rows, names = _grouped(members, group_by, "metric")
        for row in rows.annotate(n=Count("member_id", distinct=True)).order_by():
            group = tuple(row[name] for name in names)
            result[group][row["metric"]] = (row["n"], row["n"])
    return result


def members_by_slot(
    metrics: Sequence[Metric], slots: Sequence[Period], period: Period, segments: SegmentFilter
) -> list[dict[str, int]]:
    """For each DISTINCT metric, the members of each slot (a part of `period`): in one query,
    one count per slot, as {metric key: members} for each slot in turn."""
    keys = [m.key for m in metrics if m.aggregation == Aggregation.DISTINCT]
    found: list[dict[str, int]] = [{} for _ in slots]
    if not keys or not slots:
        return found
    counts = {
        f"slot_{n}": Count("member_id", distinct=True, filter=months.in_period(slot))
        for n, slot in enumerate(slots)
    }
    rows = (
        MonthlyMember.objects.filter(months.in_period(period), segment_q(segments), metric__in=keys)
        .values("metric")
        .annotate(**counts)
        .order_by()
    )
    for row in rows:
        for n in range(len(slots)):
            if row[f"slot_{n}"]:
                found[n][row["metric"]] = row[f"slot_{n}"]
    return found


def term_counts(
    metric: str,
    period: Period,
    segments: SegmentFilter,
    *,
    terms: Sequence[str] | None = None,
    most: int | None = None,
) -> dict[str, int]:
    """How often each term was used in the period by the segments: the given `terms`, or the
    `most` used ones."""
    rows = DailyTerm.objects.filter(_where(period, segments), metric=metric)
    if terms is not None:
        rows = rows.filter(term__in=terms)
    counted = rows.values("term").annotate(n=Sum("count")).values_list("term", "n")
    counted = counted.order_by("-n", "term")
    return dict(counted[:most] if most else counted)
