"""What stories bring to the community health dashboard: recommendations of published stories,
by the recommending member's segment. (Story views are not recorded per reader, so there is no
views number to give.)"""

from datetime import date

from django.db.models import QuerySet

from community.insight.rows import daily_counts, in_period
from community.insight.segments import filter_members
from community.insight.sources import (
    Aggregation,
    Column,
    DrillDown,
    InsightQuery,
    InsightSource,
    Metric,
)

from .models import StoryRecommendation
from .permissions import published_stories

RECOMMENDATIONS = "stories.recommendations"
ACTIVE = "stories.active"


def _recommendations() -> QuerySet[StoryRecommendation]:
    return StoryRecommendation.objects.filter(story__in=published_stories().values("pk"))


def rollup(start: date, end: date):
    yield from daily_counts(_recommendations(), start, end, metric=RECOMMENDATIONS, active=ACTIVE)


def drilldown(metric: str, query: InsightQuery, viewer) -> DrillDown:
    rows = filter_members(in_period(_recommendations(), query.period), query.segments)
    return DrillDown(
        "Story recommendations",
        rows.select_related("member", "story").order_by("-created_at", "pk"),
        [
            Column("Story", lambda r: r.story.title),
            Column("Recommended by", lambda r: r.member),
            Column("When", lambda r: r.created_at),
        ],
        url=lambda r: r.story.url or "",
    )


source = InsightSource(
    name="stories",
    label="Stories",
    metrics=[
        Metric(RECOMMENDATIONS, "Story recommendations"),
        Metric(ACTIVE, "Members recommending", aggregation=Aggregation.DISTINCT),
    ],
    rollup=rollup,
    drilldown=drilldown,
    order=20,
)
