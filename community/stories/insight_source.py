"""What stories bring to the community health dashboard: how often published stories are read,
by the reader's segment (signed-out visitors as a segment of their own), and recommendations,
by the recommending member's segment.

Views are counted as readers read (see `readership.py`), with the reader's segment at that
moment; a story unpublished, restricted or deleted since takes its views off the numbers.
"""

from datetime import date

from django.db.models import F, Q, QuerySet, Sum, Value
from django.db.models.functions import NullIf

from community.insight import api as insight

from .models import StoryDailyViews, StoryRecommendation
from .pages import StoryPage
from .permissions import published_stories

VIEWS = "stories.views"
RECOMMENDATIONS = "stories.recommendations"
ACTIVE = "stories.active"


def _recommendations() -> QuerySet[StoryRecommendation]:
    return StoryRecommendation.objects.filter(story__in=published_stories().values("pk"))


def _views() -> QuerySet[StoryDailyViews]:
    return StoryDailyViews.objects.filter(story__in=published_stories().values("pk"))


def _view_rows(start: date, end: date):
    rows = (
        _views()
        .filter(day__gte=start, day__lte=end)
        .values(
            "day",
            # Stored as 0 when not given (see StoryDailyViews); the insight's "not given" is None.
            seg_industry=NullIf(F("industry_id"), Value(0)),
            seg_region=NullIf(F("region_id"), Value(0)),
            seg_audience=F("audience"),
            seg_role=F("role"),
        )
        .annotate(n=Sum("views"))
        .order_by()
    )
    for row in rows:
        yield insight.RollupRow(
            row["day"], VIEWS, insight.segment_from(row), total=row["n"], count=row["n"]
        )


def rollup(start: date, end: date):
    yield from _view_rows(start, end)
    yield from insight.daily_counts(
        _recommendations(), start, end, metric=RECOMMENDATIONS, active=ACTIVE
    )


def _views_in_query(query: insight.InsightQuery, path: str = "") -> Q:
    """The view counts of the query's days and segments, as a condition on `path`."""
    p = f"{path}__" if path else ""
    segments = query.segments
    condition = Q(**{f"{p}day__gte": query.period.start, f"{p}day__lte": query.period.end})
    for column, chosen in (
        ("industry_id", segments.industries),
        ("region_id", segments.regions),
        ("audience", segments.audiences),
        ("role", segments.roles),
    ):
        if chosen:
            condition &= Q(**{f"{p}{column}__in": chosen})
    return condition


def most_viewed(query: insight.InsightQuery) -> QuerySet[StoryPage]:
    """Published stories read in the query's period by its segments, the most read first, each
    with `period_views`."""
    # One filter() then the sum: the sum adds up exactly the counts the filter kept.
    return (
        published_stories()
        .filter(_views_in_query(query, "daily_views"))
        .annotate(period_views=Sum("daily_views__views"))
        .order_by("-period_views", "-first_published_at", "pk")
    )


def drilldown(metric: str, query: insight.InsightQuery, viewer) -> insight.DrillDown:
    if metric == VIEWS:
        return insight.DrillDown(
            "Stories read",
            most_viewed(query).only(
                "title", "url_path", "path", "depth", "kind", "first_published_at"
            ),
            [
                insight.Column("Story", lambda s: s.title),
                insight.Column("Kind", lambda s: s.get_kind_display()),
                insight.Column("Published", lambda s: s.first_published_at),
                insight.Column("Views", lambda s: s.period_views),
            ],
            url=lambda s: s.url or "",
        )
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
        insight.Metric(
            VIEWS,
            "Story views",
            help_text="Reads of published stories, each reader once per story and hour; "
            "signed-out visitors are a role of their own.",
        ),
        insight.Metric(RECOMMENDATIONS, "Story recommendations"),
        insight.members_active(ACTIVE, "Members recommending"),
    ],
    rollup=rollup,
    drilldown=drilldown,
    order=20,
)
