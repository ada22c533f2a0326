"""Members are counted from one row per member and month: the counts must be those of the
member-days themselves for any period, month edges, single days and trend slots included."""

import random
from datetime import date, timedelta

import pytest
from django.db.models import F

from community.insight import aggregate, months, rollup
from community.insight.models import MonthlyMember
from community.insight.sources import (
    Aggregation,
    InsightSource,
    Metric,
    Period,
    RollupRow,
    Segment,
    SegmentFilter,
)

KEY = "bench.active"
FIRST, LAST = date(2025, 11, 20), date(2026, 3, 10)
METRIC = Metric(KEY, "Members active on the bench", aggregation=Aggregation.DISTINCT)


def _member_days(seed: int = 7) -> set[tuple[date, int, int]]:
    """(day, member, industry) for 40 members, each active on a few random days."""
    rng = random.Random(seed)
    span = (LAST - FIRST).days
    return {
        (FIRST + timedelta(days=rng.randrange(span + 1)), member, member % 3)
        for member in range(1, 41)
        for _ in range(rng.randrange(1, 6))
    }


def _source(member_days) -> InsightSource:
    def rows(start: date, end: date):
        for day, member, industry in member_days:
            yield RollupRow(day, KEY, Segment(industry_id=industry), member_id=member)

    return InsightSource(
        name="bench", label="Bench", metrics=[METRIC], rollup=rows, drilldown=lambda *a: None
    )


def _by_hand(member_days, period: Period, industry: int | None = None) -> int:
    return len(
        {
            member
            for day, member, seg in member_days
            if period.start <= day <= period.end and industry in (None, seg)
        }
    )


def _periods() -> list[Period]:
    rng = random.Random(3)
    periods = [
        Period(date(2025, 12, 1), date(2025, 12, 31)),  # a whole month
        Period(date(2025, 12, 31), date(2026, 1, 1)),  # across the new year
        Period(date(2026, 2, 28), date(2026, 2, 28)),  # one day, the month's last
        Period(date(2025, 11, 30), date(2026, 3, 1)),  # whole months between two cut ones
        Period(FIRST, LAST),
    ]
    span = (LAST - FIRST).days
    for _ in range(25):
        start = FIRST + timedelta(days=rng.randrange(span + 1))
        periods.append(Period(start, min(LAST, start + timedelta(days=rng.randrange(90)))))
    return periods


@pytest.fixture
def member_days(db):
    days = _member_days()
    rollup.recompute(since=FIRST, until=LAST, sources=[_source(days)])
    return days


def test_members_of_any_period_are_those_of_their_days(member_days):
    for period in _periods():
        found = aggregate.numbers([METRIC], period, SegmentFilter()).get((), {})
        assert found.get(KEY, (0, 0))[0] == _by_hand(member_days, period), period


def test_members_by_segment_are_those_of_their_days(member_days):
    for period in _periods()[:10]:
        grouped = aggregate.numbers(
            [METRIC], period, SegmentFilter(), {"industry": F("industry_id")}
        )
        for industry in range(3):
            found = grouped.get((industry,), {}).get(KEY, (0, 0))[0]
            assert found == _by_hand(member_days, period, industry), (period, industry)
        one = SegmentFilter(industries=(1,))
        found = aggregate.numbers([METRIC], period, one).get((), {}).get(KEY, (0, 0))[0]
        assert found == _by_hand(member_days, period, 1)


@pytest.mark.parametrize("unit", ["day", "week", "month"])
def test_trend_slots_count_the_members_of_their_own_days(member_days, unit):
    period = Period(date(2025, 12, 17), date(2026, 2, 12))
    if unit == "day":
        starts = [period.start + timedelta(days=n) for n in range(period.days)]
    elif unit == "week":
        monday = period.start - timedelta(days=period.start.weekday())
        starts = [monday + timedelta(weeks=n) for n in range(9)]
    else:
        starts = [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    slots = months.slot_periods(unit, starts, period)
    found = aggregate.members_by_slot([METRIC], slots, period, SegmentFilter())
    for slot, counted in zip(slots, found, strict=True):
        assert counted.get(KEY, 0) == _by_hand(member_days, slot), slot


def test_rewriting_part_of_a_month_keeps_its_other_days(member_days):
    # Members of the first days of February are rolled up again from the 15th on, without one
    # member's later days: the days before the 15th still count.
    since = date(2026, 2, 15)
    dropped = {(d, m, s) for d, m, s in member_days if m == 5 and d >= since}
    kept = member_days - dropped
    rollup.recompute(since=since, until=LAST, sources=[_source(kept)])

    for period in _periods():
        found = aggregate.numbers([METRIC], period, SegmentFilter()).get((), {})
        assert found.get(KEY, (0, 0))[0] == _by_hand(kept, period), period
    assert not MonthlyMember.objects.filter(days=0).exists()
