"""The insight's own numbers about members: who joined, and who took part anywhere (the distinct
members of every source's "active" metric together, so a member who posted and learned counts
once)."""

from datetime import date

from django.db.models import Exists, OuterRef

from community.members.models import User

from .models import DailyMember
from .rows import daily_counts, in_period, members_list
from .segments import filter_members
from .sources import Aggregation, DrillDown, InsightQuery, InsightSource, Metric

NEW = "members.new"
ACTIVE = "members.active"


def rollup(start: date, end: date):
    members = User.objects.filter(is_active=True)
    yield from daily_counts(members, start, end, metric=NEW, when="date_joined", member="")


def drilldown(metric: str, query: InsightQuery, viewer) -> DrillDown:
    members = User.objects.filter(is_active=True)
    if metric == NEW:
        joined = in_period(members, query.period, "date_joined")
        return members_list(filter_members(joined, query.segments), "New members")
    took_part = DailyMember.objects.filter(
        member_id=OuterRef("pk"), day__gte=query.period.start, day__lte=query.period.end
    )
    active = filter_members(members.filter(Exists(took_part)), query.segments)
    return members_list(active, "Members active anywhere")


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
            help_text=(
                "Posted, replied, gave kudos, registered for an event, learned, applied for a"
                " job or recommended a story."
            ),
        ),
    ],
    rollup=rollup,
    drilldown=drilldown,
    order=0,
)
