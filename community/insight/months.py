"""Members counted once over any period, read from one row per member and month.

A DISTINCT metric keeps a row per member and day (`DailyMember`): counting the members of a
year that way reads every member-day of it. `MonthlyMember` folds a month's days into one
number, bit n-1 set when the member was counted on day n, so a period reads at most one row per
member and month: a month wholly inside the period counts every row, a month it cuts counts the
rows with one of the period's days set. Exact for any period, whatever its bounds.
"""

import calendar
from datetime import date, timedelta

from django.db.models import F, IntegerField, Q, Sum, Value
from django.db.models.functions import Cast, ExtractDay, TruncMonth
from django.db.models.lookups import GreaterThan

from .sources import Period


def first_of(day: date) -> date:
    return day.replace(day=1)


def last_of(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _mask(first: int, last: int) -> int:
    """Bits of the days `first` to `last` of a month."""
    return (1 << last) - (1 << (first - 1))


def in_period(period: Period) -> Q:
    """Monthly rows with a day of `period`: months between its first and last whole, the months
    it cuts by their days."""
    first, last = first_of(period.start), first_of(period.end)
    condition = Q(day__gte=first, day__lte=last)
    edges = Q(day__gt=first, day__lt=last)
    for month, start, end in {(first, period.start, period.end), (last, period.start, period.end)}:
        from_day = start.day if start >= month else 1
        to_day = end.day if end <= last_of(month) else last_of(month).day
        if from_day == 1 and to_day == last_of(month).day:
            edges |= Q(day=month)
        else:
            edges |= Q(GreaterThan(F("days").bitand(_mask(from_day, to_day)), 0), day=month)
    return condition & edges


def days_of_month():
    """For a `.values(..., day=TruncMonth("day"))` of member-days: the month's days as bits
    (each member-day row sets its own bit; DISTINCT adds each bit once, so the sum is the OR)."""
    day = Cast(ExtractDay("day"), IntegerField())
    return Sum(Value(1).bitleftshift(day - 1), distinct=True)


def month_of_day():
    return TruncMonth("day")


def months_between(since: date, until: date) -> tuple[date, date]:
    """The first and last day of the months `since` to `until` touch."""
    return first_of(since), last_of(until)


def slot_periods(unit: str, slots: list[date], period: Period) -> list[Period]:
    """Each trend slot (a day, the week or the month starting on it) cut to the period."""
    periods = []
    for start in slots:
        if unit == "day":
            end = start
        elif unit == "week":
            end = start + timedelta(days=6)
        else:
            end = last_of(start)
        periods.append(Period(max(start, period.start), min(end, period.end)))
    return periods
