"""Helpers sources share: counting rows by day and segment for the rollup, keeping a queryset to
a period, and the list of members behind a "members" number."""

from collections.abc import Iterator
from datetime import date

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate

from .segments import segment_from, segment_values
from .sources import Column, DrillDown, Period, RollupRow, day_bounds


def between(queryset: QuerySet, start: date, end: date, when: str = "created_at") -> QuerySet:
    """Rows whose `when` falls on a day from `start` to `end`, in the site's time zone."""
    low, high = day_bounds(start, end)
    return queryset.filter(**{f"{when}__gte": low, f"{when}__lt": high})


def in_period(queryset: QuerySet, period: Period, when: str = "created_at") -> QuerySet:
    return between(queryset, period.start, period.end, when)


def daily_counts(
    queryset: QuerySet,
    start: date,
    end: date,
    *,
    metric: str,
    when: str = "created_at",
    member: str = "member",
    active: str = "",
) -> Iterator[RollupRow]:
    """One COUNT row per day and segment for `metric` (the rows' member's segment), and, when
    `active` names a DISTINCT metric, a row for each member who did something that day."""
    member_id = f"{member}_id" if member else "pk"
    grouped = (
        between(queryset, start, end, when)
        .values(member_id, day=TruncDate(when), **segment_values(member))
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in grouped:
        segment = segment_from(row)
        yield RollupRow(row["day"], metric, segment, total=row["n"], count=row["n"])
        if active:
            yield RollupRow(row["day"], active, segment, member_id=row[member_id])


def members_list(members: QuerySet, title: str) -> DrillDown:
    """Members by name, with their segment: the list behind a count of members."""
    return DrillDown(
        title,
        members.select_related("profile__industry", "profile__country__region").order_by(
            "display_name", "pk"
        ),
        [
            Column("Member", lambda m: m),
            Column("Industry", lambda m: m.profile.industry or ""),
            Column("Region", lambda m: m.profile.region or ""),
            Column("Company", lambda m: m.profile.company),
            Column("Joined", lambda m: m.date_joined),
        ],
        url=lambda m: m.get_absolute_url(),
    )
