"""The insight's own numbers about members: who joined, and who took part anywhere (the distinct
members of every source's "active" metric together, so a member who posted and learned counts
once)."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.functions import TruncDate

from community.members.models import User

from .models import DailyMember
from .segments import filter_members, segment_from, segment_values
from .sources import (
    Aggregation,
    Column,
    DrillDown,
    InsightQuery,
    InsightSource,
    Metric,
    RollupRow,
    day_bounds,
)

NEW = "members.new"
ACTIVE = "members.active"


def rollup(start: date, end: date):
    low, high = day_bounds(start, end)
    joined = User.objects.filter(is_active=True, date_joined__gte=low, date_joined__lt=high)
    grouped = joined.values(day=TruncDate("date_joined"), **segment_values())
    for row in grouped.annotate(n=Count("pk")).order_by():
        yield RollupRow(row["day"], NEW, segment_from(row), total=row["n"], count=row["n"])


def _members(queryset: QuerySet[User], title: str) -> DrillDown:
    return DrillDown(
        title,
        queryset.select_related("profile__industry", "profile__country__region").order_by(
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


def drilldown(metric: str, query: InsightQuery, viewer) -> DrillDown:
    period = query.period
    members = User.objects.filter(is_active=True)
    if metric == NEW:
        low, high = period.bounds()
        joined = members.filter(date_joined__gte=low, date_joined__lt=high)
        return _members(filter_members(joined, query.segments), "New members")
    took_part = DailyMember.objects.filter(
        member_id=OuterRef("pk"), day__gte=period.start, day__lte=period.end
    )
    active = members.filter(Exists(took_part))
    return _members(filter_members(active, query.segments), "Members active anywhere")


source = InsightSource(
    name="members",
    label="Members",
    metrics=[
        Metric(NEW, "New members"),
        Metric(
            ACTIVE,
            "Members active",
            aggregation=Aggregation.DISTINCT,
            pools=True,
            headline=True,
            help_text="Posted, replied, gave kudos, registered for an event or learned.",
        ),
    ],
    rollup=rollup,
    drilldown=drilldown,
    order=0,
)
