"""Reading the stored rollups back as numbers: each metric combined over the chosen days and
segments by its own rule (see `community.insight.sources`), optionally grouped (by industry, by
region, by week...). A fixed number of queries whatever the period or the data: one per kind of
aggregation asked for."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Count, Q, Sum

from . import histogram
from .models import DailyMember, DailyRollup, DailyTerm
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
    *,
    distinct_keys: Sequence[str] = (),
) -> dict[Group, dict[str, tuple[float | None, int]]]:
    """{group: {metric key: (value, samples)}}. `value` is None where nothing was recorded;
    `samples` is how many observations it rests on (questions, answers, members...).
    A DISTINCT metric with `pools` counts members of every key in `distinct_keys`."""
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

    # Members are counted once per metric (one query for every metric of its own) and once
    # across every source's metrics for a pooled one (members active anywhere).
    own = [m.key for m in by_kind[Aggregation.DISTINCT] if not m.pools]
    pooled = [m.key for m in by_kind[Aggregation.DISTINCT] if m.pools]
    counted = Count("member_id", distinct=True)
    if own:
        rows, names = _grouped(
            DailyMember.objects.filter(where, metric__in=own), group_by, "metric"
        )
        for row in rows.annotate(n=counted).order_by():
            group = tuple(row[name] for name in names)
            result[group][row["metric"]] = (row["n"], row["n"])
    if pooled:
        members = DailyMember.objects.filter(where, metric__in=list(distinct_keys))
        if group_by:
            rows, names = _grouped(members, group_by)
            counts = {
                tuple(row[n] for n in names): row["n"]
                for row in rows.annotate(n=counted).order_by()
            }
        else:  # one number: .values() with no columns would group by every column
            n = members.aggregate(n=counted)["n"]
            counts = {(): n} if n else {}
        for group, n in counts.items():
            for key in pooled:
                result[group][key] = (n, n)
    return result


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
