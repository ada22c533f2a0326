"""What stories bring to the community health dashboard: recommendations of published stories,
by the recommending member's segment. (Story views are not recorded per reader, so there is no
views number to give.)"""

from datetime import date

from django.db.models import QuerySet

from community.insight import api as insight

from .models import StoryRecommendation
from .permissions import published_stories

RECOMMENDATIONS = "stories.recommendations"
ACTIVE = "stories.active"


def _recommendations() -> QuerySet[StoryRecommendation]:
    return StoryRecommendation.objects.filter(story__in=published_stories().values("pk"))


def rollup(start: date, end: date):
    yield from insight.daily_counts(
        _recommendations(), start, end, metric=RECOMMENDATIONS, active=ACTIVE
    )


def drilldown(metric: str, query: insight.InsightQuery, viewer) -> insight.DrillDown:
    return insight.DrillDown(
        "Story recommendations",
        insight.rows_in_query(_recommendations(), query)
        .select_related("member", "story")
        .order_by("-created_at", "pk"),
        [
            insight.Column("Story", lambda r: r.story.title),
            insight.Column("Recommended by", lambda r: r.member),
            insight.Column("When", lambda r: r.created_at),
        ],
        url=lambda r: r.story.url or "",
    )


source = insight.InsightSource(
    name="stories",
    label="Stories",
    metrics=[
        insight.Metric(RECOMMENDATIONS, "Story recommendations"),
        insight.members_active(ACTIVE, "Members recommending"),
    ],
    rollup=rollup,
    drilldown=drilldown,
    order=20,
)
