"""Trend charts, drawn on the server as SVG by pygal: nothing to fetch from elsewhere, no script
to run, and the page still reads without them (each chart has the same numbers as a table)."""

import math
from dataclasses import dataclass
from datetime import date

import pygal
from pygal.style import Style

from . import display
from .sources import Metric, Unit

# The admin's own palette: this period in the accent colour, the previous one in grey.
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#262626",
    foreground_strong="#262626",
    foreground_subtle="#d9d9d9",
    colors=("#007d7e", "#8c8c8c"),
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
    tooltip_font_size=13,
)
MAX_X_LABELS = 6


@dataclass(frozen=True)
class TrendPoint:
    label: str
    current: str
    previous: str
    current_value: float | None
    previous_value: float | None


@dataclass(frozen=True)
class TrendChart:
    metric: Metric
    unit: str  # "day", "week" or "month"
    svg: str
    points: list[TrendPoint]


def _slot_label(unit: str, slot: date) -> str:
    if unit == "month":
        return f"{slot:%b %Y}"
    return f"{slot:%-d %b}"  # a day, or the Monday a week starts on


def _plotted(metric: Metric, value: float | None) -> float | None:
    """Shares and NPS plotted in %, durations in hours."""
    if value is None:
        return None
    if metric.unit in (Unit.PERCENT, Unit.NPS):
        return round(value * 100, 1)
    if metric.unit == Unit.DURATION:
        return round(value / 3600, 2)
    return value


def _axis_title(metric: Metric) -> str:
    return {Unit.PERCENT: "%", Unit.DURATION: "hours", Unit.NPS: "NPS"}.get(metric.unit, "")


def trend(
    metric: Metric,
    unit: str,
    slots: list[date],
    current: list[float | None],
    previous: list[float | None],
) -> TrendChart:
    """A line for this period and one for the previous period, slot by slot."""
    previous = (previous + [None] * len(slots))[: len(slots)]
    chart = pygal.Line(
        style=STYLE,
        width=640,
        height=260,
        js=[],  # no tooltip script from elsewhere: the table beside the chart has the values
        disable_xml_declaration=True,
        show_dots=len(slots) <= 31,
        dots_size=2.5,
        allow_interruptions=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=2,
        show_minor_x_labels=False,
        x_labels_major_every=max(1, math.ceil(len(slots) / MAX_X_LABELS)),
        max_scale=6,
        truncate_label=-1,
        y_title=_axis_title(metric),
        include_x_axis=metric.unit in (Unit.COUNT, Unit.DURATION),
        margin=8,
        no_data_text="No data yet",
        classes=["pygal-chart", "insight-chart__svg"],
    )
    chart.x_labels = [_slot_label(unit, slot) for slot in slots]
    chart.add("This period", [_plotted(metric, v) for v in current])
    chart.add(
        "Previous period",
        [_plotted(metric, v) for v in previous],
        stroke_style={"dasharray": "6,4"},
    )
    svg = chart.render(is_unicode=True)
    points = [
        TrendPoint(
            _slot_label(unit, slot),
            display.value_text(metric, now),
            display.value_text(metric, then),
            now,
            then,
        )
        for slot, now, then in zip(slots, current, previous, strict=True)
    ]
    return TrendChart(metric, unit, svg, points)
