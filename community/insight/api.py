"""The community health dashboard's public face for apps: everything an app's insight source
(`<app>/insight_source.py`) is written with, under one name:

    from community.insight import api as insight

    source = insight.InsightSource(name="stories", ..., metrics=[insight.Metric(...)])
"""

from django.db.models import QuerySet

from .histogram import bucket_of
from .rows import between, daily_counts, in_period, members_list
from .segments import VISITOR, filter_members, segment_from, segment_values
from .sources import (
    Aggregation,
    Column,
    DrillDown,
    InsightQuery,
    InsightSource,
    Metric,
    RollupRow,
    Unit,
    WorkItem,
    day_bounds,
)
from .terms import words_of

__all__ = [
    "VISITOR",
    "Aggregation",
    "Column",
    "DrillDown",
    "InsightQuery",
    "InsightSource",
    "Metric",
    "RollupRow",
    "Unit",
    "WorkItem",
    "between",
    "bucket_of",
    "daily_counts",
    "day_bounds",
    "filter_members",
    "in_period",
    "members_active",
    "members_list",
    "rows_in_query",
    "segment_from",
    "segment_values",
    "words_of",
]


def members_active(key: str, label: str) -> Metric:
    """How many members did what the source counts, each once however often they did it."""
    return Metric(key, label, aggregation=Aggregation.DISTINCT)


def rows_in_query(
    queryset: QuerySet, query: InsightQuery, when: str = "created_at", member: str = ""
) -> QuerySet:
    """The rows behind a number: those of the query's period (by `when`) whose member (at
    `member`, the row itself when empty) is in the query's segments."""
    return filter_members(in_period(queryset, query.period, when), query.segments, member)
