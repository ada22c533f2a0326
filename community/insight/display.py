"""How a number reads on the dashboard and in its CSV: by unit, and its change against the
previous period (in points for shares and NPS, in % for counts and durations)."""

from dataclasses import dataclass

from .sources import Metric, Unit


def duration(seconds: float) -> str:
    minutes = seconds / 60
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes:.0f} min"
    hours = minutes / 60
    if hours < 48:
        return f"{hours:.1f} h" if hours < 10 else f"{hours:.0f} h"
    return f"{hours / 24:.1f} days"


def value_text(metric: Metric, value: float | None) -> str:
    if value is None:
        return "–"
    match metric.unit:
        case Unit.PERCENT:
            return f"{value * 100:.0f}%"
        case Unit.DURATION:
            return duration(value)
        case Unit.NPS:
            return f"{value * 100:+.0f}"
        case Unit.SCORE:
            return f"{value:+.2f}"
    return f"{value:,.0f}"


def value_for_csv(metric: Metric, value: float | None) -> str:
    """Machine-friendly: shares in %, durations in hours, NPS from -100 to 100."""
    if value is None:
        return ""
    match metric.unit:
        case Unit.PERCENT | Unit.NPS:
            return f"{value * 100:.1f}"
        case Unit.DURATION:
            return f"{value / 3600:.2f}"
        case Unit.SCORE:
            return f"{value:.3f}"
    return f"{value:.0f}"


def csv_heading(metric: Metric) -> str:
    unit = {Unit.PERCENT: " (%)", Unit.DURATION: " (hours)", Unit.NPS: " (NPS)"}
    return metric.label + unit.get(metric.unit, "")


@dataclass(frozen=True)
class Change:
    text: str  # "+12%", "−4 pts", "new", ""
    tone: str  # "better", "worse", "same" or "" (nothing to compare)
    description: str  # read by screen readers: "up 12% on the previous period, better"


def change(metric: Metric, value: float | None, previous: float | None) -> Change:
    if value is None or previous is None:
        if value and previous is None:
            return Change("new", "", "nothing to compare with in the previous period")
        return Change("", "", "")
    if metric.unit in (Unit.PERCENT, Unit.NPS):
        delta = (value - previous) * 100
        text, amount = f"{delta:+.0f} pts", f"{abs(delta):.0f} points"
        same = round(delta) == 0
    elif metric.unit == Unit.SCORE:
        delta = value - previous
        text, amount = f"{delta:+.2f}", f"{abs(delta):.2f}"
        same = round(delta, 2) == 0
    else:
        if previous == 0:
            return Change("new", "better" if metric.higher_is_better else "worse", "none before")
        delta = (value - previous) / previous * 100
        text, amount = f"{delta:+.0f}%", f"{abs(delta):.0f}%"
        same = round(delta) == 0
    if same:
        return Change("±0", "same", "no change on the previous period")
    better = (delta > 0) == metric.higher_is_better
    tone = "better" if better else "worse"
    direction = "up" if delta > 0 else "down"
    text = text.replace("-", "−")
    return Change(text, tone, f"{direction} {amount} on the previous period, {tone}")
