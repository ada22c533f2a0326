"""The dashboard's tables, and the lists behind its numbers, as CSV files a spreadsheet opens
(UTF-8 with a byte order mark, so names in any script survive)."""

from datetime import datetime, timedelta

from django.http import HttpResponse
from django.utils import timezone

from community.core.csv_files import csv_download

from . import display
from .dashboard import Dashboard
from .sources import DrillDown, Metric

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value) -> str:
    """Text a spreadsheet shows as text: a cell starting like a formula is quoted."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _response(name: str, header: list[str], rows) -> HttpResponse:
    return csv_download(f"insight-{name}.csv", header, rows)


def _number(metric: Metric, value) -> str:
    return display.value_for_csv(metric, value)


def table(board: Dashboard, name: str) -> HttpResponse | None:
    """The table `name` of the dashboard, or None when it has none of that name."""
    period, previous = board.choice.period, board.choice.previous
    if name == "numbers":
        rows = [
            [
                safe(section),
                safe(display.csv_heading(n.metric)),
                _number(n.metric, n.value),
                _number(n.metric, n.previous),
                n.samples,
            ]
            for section, numbers in board.sections
            for n in numbers
        ]
        header = [
            "Area",
            "Number",
            f"{period.start} to {period.end}",
            f"{previous.start} to {previous.end}",
            "Based on",
        ]
        return _response("numbers", header, rows)
    if name == "segments":
        header = [board.choice.rows.title()] + [display.csv_heading(m) for m in board.table_metrics]
        rows = [
            [safe(row.label)] + [_number(c.metric, c.value) for c in row.cells]
            for row in board.table_rows
        ]
        return _response(f"by-{board.choice.rows}", header, rows)
    if name == "heatmap" and board.heat_metric:
        header = [f"Industry / region: {display.csv_heading(board.heat_metric)}"]
        header += [safe(label) for _, label in board.heat_regions]
        rows = [
            [safe(row.label)] + [_number(c.metric, c.value) for c in row.cells]
            for row in board.heat_rows
        ]
        return _response("heatmap", header, rows)
    if name.startswith("trend-"):
        chart = next((c for c in board.trends if f"trend-{c.metric.key}" == name), None)
        if chart is None:
            return None
        header = [chart.unit.title(), "This period", "Previous period"]
        rows = [
            [
                p.label,
                _number(chart.metric, p.current_value),
                _number(chart.metric, p.previous_value),
            ]
            for p in chart.points
        ]
        return _response(f"trend-{chart.metric.key}", header, rows)
    if name == "trending":
        rows = [
            [safe(title), safe(term.label), term.current, term.previous, term.rise]
            for title, terms in board.trending
            for term in terms
        ]
        return _response(
            "trending", ["List", "Term", "This period", "Previous period", "Rise"], rows
        )
    return None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60}:{minutes % 60:02d}"  # hours:minutes, as spreadsheets read it
    return safe(value)


def drilldown(listing: DrillDown, metric: Metric) -> HttpResponse:
    """Every row behind a number."""
    header = [column.heading for column in listing.columns]
    rows = (
        [_cell(column.value(row)) for column in listing.columns]
        for row in listing.rows.iterator(chunk_size=2_000)
    )
    return _response(metric.key.replace(".", "-"), header, rows)
