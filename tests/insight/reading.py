"""Reading numbers back the way the dashboard does, for tests."""

from datetime import timedelta

from django.utils import timezone

from community.insight import aggregate
from community.insight.sources import Aggregation, Period, SegmentFilter, all_metrics

EVERYONE = SegmentFilter()


def numbers_now(segments: SegmentFilter = EVERYONE, days: int = 30) -> dict:
    """Every metric's value over the last `days` days, as the dashboard reads it."""
    today = timezone.localdate()
    period = Period(today - timedelta(days=days - 1), today)
    metrics = all_metrics()
    distinct = [m.key for m in metrics if m.aggregation == Aggregation.DISTINCT and not m.pools]
    found = aggregate.numbers(metrics, period, segments, distinct_keys=distinct)
    return {key: value for key, (value, _samples) in found.get((), {}).items()}
