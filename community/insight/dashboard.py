"""Everything the dashboard shows, read from the stored rollups only (never from the posts):
the numbers with their change, the segment table, the heat map, the trends, the trending
topics and what waits for a manager. A fixed number of queries whatever the data size."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import F
from django.db.models.functions import TruncMonth, TruncWeek
from django.urls import reverse

from . import aggregate, charts, display, months
from .forms import DashboardChoice
from .sources import (
    Aggregation,
    InsightQuery,
    Metric,
    Period,
    SegmentFilter,
    WorkItem,
    all_sources,
)

DIMENSION_COLUMNS = {
    "industry": "industry_id",
    "region": "region_id",
    "audience": "audience",
    "role": "role",
}
DIMENSION_PARAMS = {
    "industry": "industry",
    "region": "region",
    "audience": "audience",
    "role": "role",
}
TRENDING_SHOWN = 8
TRENDING_CANDIDATES = 200
WORKLIST_SHOWN = 15
# Below this many observations a share or a median swings too much to mean anything.
FEW_SAMPLES = 5


@dataclass(frozen=True)
class Number:
    metric: Metric
    value: float | None
    previous: float | None
    samples: int
    text: str
    change: display.Change
    url: str

    @property
    def is_thin(self) -> bool:
        return self.metric.aggregation in (Aggregation.RATIO, Aggregation.MEDIAN) and (
            0 < self.samples < FEW_SAMPLES
        )


@dataclass(frozen=True)
class Cell:
    metric: Metric
    value: float | None
    text: str
    url: str
    heat: int = 0  # 0 (worst) to 4 (best), for the heat map's colour; -1: not shaded
    samples: int = 0

    @property
    def is_thin(self) -> bool:
        """A share or a median resting on too few observations to compare segments by."""
        return self.metric.aggregation in (Aggregation.RATIO, Aggregation.MEDIAN) and (
            self.samples < FEW_SAMPLES
        )


@dataclass
class SegmentRow:
    key: object
    label: str
    cells: list[Cell]


@dataclass
class TrendingTerm:
    label: str
    kind: str
    current: int
    previous: int
    url: str

    @property
    def rise(self) -> int:
        return self.current - self.previous


@dataclass
class Worklist:
    title: str
    total: int
    items: list[WorkItem]
    url: str


@dataclass(frozen=True)
class SortHeader:
    label: str
    url: str
    aria_sort: str  # "ascending", "descending" or "none"
    help_text: str = ""


@dataclass
class Dashboard:
    choice: DashboardChoice
    table_headers: list[SortHeader]
    sections: list[tuple[str, list[Number]]]
    table_metrics: list[Metric]
    table_rows: list[SegmentRow]
    heat_metric: Metric | None
    heat_regions: list[tuple[int, str]]
    heat_rows: list[SegmentRow]
    trends: list[charts.TrendChart]
    trending: list[tuple[str, list[TrendingTerm]]]
    worklists: list[Worklist]
    metrics: dict[str, Metric] = field(default_factory=dict)


class Links:
    """Addresses that keep the manager's choices: the list behind a number (filters only), the
    dashboard re-sorted or re-cut (filters and the table's settings), a table as CSV."""

    FILTER_PARAMS = ("industry", "region", "audience", "role", "period", "quarter", "start", "end")
    VIEW_PARAMS = ("rows", "sort", "order", "heat")

    def __init__(self, params) -> None:
        self.params = [
            (name, value)
            for name in self.FILTER_PARAMS + self.VIEW_PARAMS
            for value in params.getlist(name)
            if value
        ]

    def _query(self, names: tuple[str, ...], **overrides) -> str:
        kept = [(n, v) for n, v in self.params if n in names and n not in overrides]
        for name, value in overrides.items():
            values = value if isinstance(value, list | tuple) else [value]
            kept += [(name, v) for v in values if v not in ("", None)]
        return urlencode(kept)

    def hidden(self, *leave_out: str) -> list[tuple[str, str]]:
        """The choices to carry in a form's hidden fields, but for those it asks itself."""
        return [(n, v) for n, v in self.params if n not in leave_out]

    def drilldown(self, metric_key: str, **segment) -> str:
        narrowed = {DIMENSION_PARAMS[dim]: str(value) for dim, value in segment.items()}
        query = self._query(self.FILTER_PARAMS, metric=metric_key, **narrowed)
        return f"{reverse('insight_drilldown')}?{query}"

    def dashboard(self, **overrides) -> str:
        query = self._query(self.FILTER_PARAMS + self.VIEW_PARAMS, **overrides)
        return f"{reverse('insight_dashboard')}?{query}"

    def csv(self, table: str) -> str:
        query = self._query(self.FILTER_PARAMS + self.VIEW_PARAMS, table=table)
        return f"{reverse('insight_csv')}?{query}"


def _metrics() -> list[tuple[str, list[Metric]]]:
    return [(source.label, list(source.metrics)) for source in all_sources()]


def _heat_levels(cells: list[Cell], metric: Metric) -> list[Cell]:
    """Five shades from worst to best across the cells that have a value resting on enough
    observations; the others stay unshaded, so one answer never paints a segment red."""
    values = sorted(c.value for c in cells if c.value is not None and not c.is_thin)
    if not values:
        return [replace(cell, heat=-1) for cell in cells]
    low, high = values[0], values[-1]
    shaded = []
    for cell in cells:
        if cell.value is None or cell.is_thin:
            shaded.append(replace(cell, heat=-1))
            continue
        if high == low:
            shaded.append(replace(cell, heat=2))
            continue
        level = round((cell.value - low) / (high - low) * 4)
        shaded.append(replace(cell, heat=level if metric.higher_is_better else 4 - level))
    return shaded


def _slots(period: Period) -> tuple[str, list[date], Callable]:
    """How a trend is cut: by day up to a month, by week up to half a year, else by month."""
    if period.days <= 31:
        days = [period.start + timedelta(days=n) for n in range(period.days)]
        return "day", days, F("day")
    if period.days <= 183:
        first = period.start - timedelta(days=period.start.weekday())
        return "week", _steps(first, period.end, weeks=1), TruncWeek("day")
    first = period.start.replace(day=1)
    return "month", _steps(first, period.end, months=1), TruncMonth("day")


def _steps(first: date, last: date, *, weeks: int = 0, months: int = 0) -> list[date]:
    steps, current = [], first
    while current <= last:
        steps.append(current)
        if weeks:
            current += timedelta(weeks=weeks)
        else:
            year, month = divmod(current.month, 12)
            current = date(current.year + year, month + 1, 1)
    return steps


def _trend(
    metrics: list[Metric],
    period: Period,
    segments: SegmentFilter,
    unit: str,
    slots: list[date],
    expression,
) -> list[dict]:
    """The metrics' values slot by slot: members counted once within each slot, the others
    from the period's rows grouped by slot."""
    sums = [m for m in metrics if m.aggregation != Aggregation.DISTINCT]
    grouped = aggregate.numbers(sums, period, segments, {"slot": expression}) if sums else {}
    members = aggregate.members_by_slot(
        metrics, months.slot_periods(unit, slots, period), period, segments
    )
    return [
        {**grouped.get((slot,), {}), **{key: (n, n) for key, n in members[index].items()}}
        for index, slot in enumerate(slots)
    ]


def build(choice: DashboardChoice, *, viewer, links: Links, labels: dict[str, dict]) -> Dashboard:
    """The whole dashboard for the manager's filters; `labels` names industries and regions."""
    sources = all_sources()
    sections = _metrics()
    every = [metric for _, metrics in sections for metric in metrics]
    by_key = {m.key: m for m in every}
    segments, period, previous = choice.segments, choice.period, choice.previous

    current = aggregate.numbers(every, period, segments).get((), {})
    before = aggregate.numbers(every, previous, segments).get((), {})
    numbers = {}
    for metric in every:
        value, samples = current.get(metric.key, (None, 0))
        earlier = before.get(metric.key, (None, 0))[0]
        numbers[metric.key] = Number(
            metric,
            value,
            earlier,
            samples,
            display.value_text(metric, value),
            display.change(metric, value, earlier),
            links.drilldown(metric.key),
        )

    # The segment table: one row per industry, region, audience or role.
    dimension = choice.rows
    column = DIMENSION_COLUMNS[dimension]
    grouped = aggregate.numbers(every, period, segments, {"segment": F(column)})
    names = labels.get(dimension, {})
    rows = []
    for (key,), values in grouped.items():
        cells = []
        for metric in every:
            value = values.get(metric.key, (None, 0))[0]
            url = links.drilldown(metric.key, **{dimension: key}) if key not in (None, "") else ""
            cells.append(Cell(metric, value, display.value_text(metric, value), url))
        label = names.get(key, key) if key not in (None, "") else "Not given"
        rows.append(SegmentRow(key, str(label), cells))
    rows.sort(key=lambda row: row.label.casefold())
    if choice.sort != "label":
        index = next(i for i, m in enumerate(every) if m.key == choice.sort)
        present = [r for r in rows if r.cells[index].value is not None]
        present.sort(key=lambda r: r.cells[index].value, reverse=choice.descending)
        rows = present + [r for r in rows if r.cells[index].value is None]
    elif choice.descending:
        rows.reverse()

    # The heat map: industry × region for one metric.
    heat_metric = by_key.get(choice.heat) or _default_heat(every)
    heat_rows: list[SegmentRow] = []
    heat_regions: list[tuple[int, str]] = []
    if heat_metric:
        cells_by = aggregate.numbers(
            [heat_metric],
            period,
            segments,
            {"i": F("industry_id"), "r": F("region_id")},
        )
        industries = [
            i for i in labels["industry"] if not segments.industries or i in segments.industries
        ]
        heat_regions = [
            (r, labels["region"][r])
            for r in labels["region"]
            if not segments.regions or r in segments.regions
        ]
        flat = []
        for industry in industries:
            for region, _ in heat_regions:
                value, samples = cells_by.get((industry, region), {}).get(
                    heat_metric.key, (None, 0)
                )
                flat.append(
                    Cell(
                        heat_metric,
                        value,
                        display.value_text(heat_metric, value),
                        links.drilldown(heat_metric.key, industry=industry, region=region),
                        samples=samples,
                    )
                )
        flat = _heat_levels(flat, heat_metric)
        width = len(heat_regions)
        heat_rows = [
            SegmentRow(industry, labels["industry"][industry], flat[n * width : (n + 1) * width])
            for n, industry in enumerate(industries)
        ]

    # Trends of the headline numbers, this period against the previous one.
    headline = [m for m in every if m.headline]
    trends = []
    if headline:
        unit, slots, expression = _slots(period)
        _, earlier_slots, earlier_expression = _slots(previous)
        now_values = _trend(headline, period, segments, unit, slots, expression)
        then_values = _trend(headline, previous, segments, unit, earlier_slots, earlier_expression)
        for metric in headline:
            series = [now_values[n].get(metric.key, (None, 0))[0] for n in range(len(slots))]
            earlier = [
                then_values[n].get(metric.key, (None, 0))[0] for n in range(len(earlier_slots))
            ]
            trends.append(charts.trend(metric, unit, slots, series, earlier))

    # Trending topics: the terms rising fastest against the previous period.
    trending = []
    for source in sources:
        for term_metric, kind in source.term_metrics.items():
            now_counts = aggregate.term_counts(
                term_metric, period, segments, most=TRENDING_CANDIDATES
            )
            then_counts = aggregate.term_counts(
                term_metric, previous, segments, terms=list(now_counts)
            )
            rising = sorted(
                (
                    (term, count, then_counts.get(term, 0))
                    for term, count in now_counts.items()
                    if count > then_counts.get(term, 0)
                ),
                key=lambda t: (-(t[1] - t[2]), -t[1], t[0]),
            )[:TRENDING_SHOWN]
            urls = source.term_urls(term_metric, [t[0] for t in rising]) if source.term_urls else {}
            trending.append(
                (
                    f"{kind} in {source.label.lower()}",
                    [TrendingTerm(t, kind, now, then, urls.get(t, "")) for t, now, then in rising],
                )
            )

    worklists = []
    query = InsightQuery(segments, period)
    for source in sources:
        if source.worklist:
            total, items = source.worklist(query, viewer, WORKLIST_SHOWN)
            key = source.worklist_metric
            worklists.append(
                Worklist(source.worklist_title, total, items, links.drilldown(key) if key else "")
            )

    return Dashboard(
        choice=choice,
        table_headers=_sort_headers(choice, every, links),
        sections=[(label, [numbers[m.key] for m in metrics]) for label, metrics in sections],
        table_metrics=every,
        table_rows=rows,
        heat_metric=heat_metric,
        heat_regions=heat_regions,
        heat_rows=heat_rows,
        trends=trends,
        trending=trending,
        worklists=worklists,
        metrics=by_key,
    )


def _sort_headers(choice: DashboardChoice, every: list[Metric], links: Links) -> list[SortHeader]:
    """The segment table's column headers, each a link sorting by it (again: the other way)."""
    headers = []
    for key, label, help_text in [("label", choice.rows.title(), "")] + [
        (m.key, m.label, m.help_text) for m in every
    ]:
        active = choice.sort == key
        # A number sorts best first on its first click; names sort A to Z.
        descending = (not choice.descending) if active else key != "label"
        state = ("descending" if choice.descending else "ascending") if active else "none"
        url = links.dashboard(sort=key, order="desc" if descending else "asc")
        headers.append(SortHeader(label, url, state, help_text))
    return headers


def _default_heat(metrics: list[Metric]) -> Metric | None:
    """Time to first reply when there is one (how well a segment is served), else the first."""
    durations = [m for m in metrics if m.aggregation == Aggregation.MEDIAN]
    return durations[0] if durations else (metrics[0] if metrics else None)
