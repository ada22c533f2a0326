"""What an app hands the community health dashboard: its numbers, their daily rollup, and the
rows behind each number.

An app declares one `InsightSource` in its contributions (`insight_sources=[...]`, see
`community.core.extensions`). The insight never imports the app: it asks each source for the
daily per-segment rows of a date range (`rollup`), stores them, and draws the dashboard from
the stored rows alone. When a manager follows a number, it asks the source for the list behind
it (`drilldown`), filtered by the same segments and period.

A source counts only what a community manager may see, never what moderation removed (hidden,
held or deleted posts, unpublished pages): the rollup is shared by every manager, so it holds
nothing that any of them could not open.

How each metric combines across days and segments (`Aggregation`):

COUNT     rows carry `total`; the number is the sum of the totals (questions asked, kudos).
RATIO     rows carry `total` (numerator) and `count` (denominator); the number is
          sum(total) / sum(count), so a share stays right when days and segments are added up
          (share answered, attendance rate, NPS: +1 per promoter, -1 per detractor over answers).
MEDIAN    rows carry a histogram: `bucket` (see `community.insight.histogram`) and `count`, the
          number of samples that fell in it. Combining segments adds the bucket counts; the
          median is read from the combined histogram, never averaged from medians.
DISTINCT  rows carry a `member_id`: one row per member, day and segment; the number is the count
          of distinct members over the period (members active), which no sum of daily counts
          could give. The insight folds them into a row per member and month (see
          `community.insight.months`) and counts from those.

Trending topics come from term rows: a `term` (a tag or a word) with `total` uses on a day by a
segment, under one of the source's `term_metrics`; the insight ranks the terms rising fastest
against the previous period and links each to what `term_urls(metric, terms)` names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone


class Aggregation(StrEnum):
    COUNT = "count"
    RATIO = "ratio"
    MEDIAN = "median"
    DISTINCT = "distinct"


class Unit(StrEnum):
    """How a number reads: a plain count, a share (shown in %), a duration in seconds, a score
    (a mean, shown as is) or an NPS (a ratio from -1 to 1, shown from -100 to 100)."""

    COUNT = "count"
    PERCENT = "percent"
    DURATION = "duration"
    SCORE = "score"
    NPS = "nps"


@dataclass(frozen=True)
class Metric:
    key: str  # unique across sources: "<source>.<name>", e.g. "forums.questions"
    label: str
    unit: Unit = Unit.COUNT
    aggregation: Aggregation = Aggregation.COUNT
    higher_is_better: bool = True
    help_text: str = ""
    # Drawn as a trend chart on the dashboard (a few headline numbers, not every one).
    headline: bool = False
    # DISTINCT only: count the distinct members of every source's DISTINCT metrics together
    # (members active anywhere), rather than rows of its own.
    pools: bool = False


@dataclass(frozen=True)
class Segment:
    """Who did something, by the member's profile: industry and region ids (None when the member
    has not told us), audience ("b2b", "b2c", "both" or "") and role (a role name)."""

    industry_id: int | None = None
    region_id: int | None = None
    audience: str = ""
    role: str = ""


@dataclass(frozen=True)
class RollupRow:
    """One stored number: a metric on a day for a segment (see the module docstring)."""

    day: date
    metric: str
    segment: Segment
    total: float = 0.0
    count: int = 0
    bucket: int | None = None
    member_id: int | None = None
    term: str = ""


@dataclass(frozen=True)
class SegmentFilter:
    """The segments a manager chose; an empty tuple means "any"."""

    industries: tuple[int, ...] = ()
    regions: tuple[int, ...] = ()
    audiences: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()

    @property
    def is_everyone(self) -> bool:
        return not (self.industries or self.regions or self.audiences or self.roles)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as aware datetimes, from the first day's midnight to the midnight after
        the last day (excluded), in the site's time zone: what `created_at` is compared with."""
        return day_bounds(self.start, self.end)


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


@dataclass(frozen=True)
class InsightQuery:
    segments: SegmentFilter
    period: Period


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class DrillDown:
    """The list behind a number: rows (a queryset filtered by the query's segments and period,
    holding only what the viewer may see, ordered and with its relations loaded for `columns`),
    how each row reads, and where it leads."""

    title: str
    rows: QuerySet
    columns: Sequence[Column]
    url: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class WorkItem:
    """Something waiting for a manager (an unanswered question), with where to act on it."""

    title: str
    url: str
    since: Any  # a datetime
    detail: str = ""


@dataclass(frozen=True)
class InsightSource:
    """One app's numbers. `rollup(start, end)` yields the RollupRows of every day from start to
    end included for the source's metrics: the insight replaces what it held for those days.

    Optional: `term_metrics` (metric key -> what its terms are: "Tags", "Words") and
    `term_urls(metric, terms)` (term -> where to read about it, in one query) for trending
    topics; `worklist(query, viewer, limit)` what waits
    for a manager (`worklist_title` says what), as (how many in all, the first `limit`), in
    full behind `worklist_metric`."""

    name: str
    label: str
    metrics: Sequence[Metric]
    rollup: Callable[[date, date], Iterable[RollupRow]]
    drilldown: Callable[[str, InsightQuery, Any], DrillDown]
    term_metrics: Mapping[str, str] = field(default_factory=dict)
    term_urls: Callable[[str, list[str]], dict[str, str]] | None = None
    worklist: Callable[[InsightQuery, Any, int], tuple[int, list[WorkItem]]] | None = None
    worklist_title: str = ""
    worklist_metric: str = ""  # the metric whose drill-down is the worklist in full
    order: int = 50  # where its numbers stand on the dashboard, lowest first

    def metric(self, key: str) -> Metric | None:
        return next((metric for metric in self.metrics if metric.key == key), None)


def all_sources() -> list[InsightSource]:
    from community.core import extensions

    return sorted(extensions.insight_sources(), key=lambda source: source.order)


def all_metrics() -> list[Metric]:
    return [metric for source in all_sources() for metric in source.metrics]


def source_of(metric_key: str) -> InsightSource | None:
    return next((s for s in all_sources() if s.metric(metric_key) is not None), None)


def metric_by_key(metric_key: str) -> Metric | None:
    source = source_of(metric_key)
    return source.metric(metric_key) if source else None
