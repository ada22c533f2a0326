"""Reading numbers back the way the dashboard does, for tests."""

from datetime import timedelta

from django.utils import timezone

from community.insight import aggregate
from community.insight.sources import Period, SegmentFilter, all_metrics

EVERYONE = SegmentFilter()


def numbers_now(segments: SegmentFilter = EVERYONE, days: int = 30) -> dict:
    """Every metric's value over the last `days` days, as the dashboard reads it."""
    today = timezone.localdate()
    period = Period(today - timedelta(days=days - 1), today)
    metrics = all_metrics()
    found = aggregate.numbers(metrics, period, segments)
    return {key: value for key, (value, _samples) in found.get((), {}).items()}
