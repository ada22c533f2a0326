"""How the lists behind the dashboard's numbers show a cell: dates in the site's time, waits
as durations, members by name."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone

from community.insight.display import duration

register = template.Library()


@register.filter
def insight_cell(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %b %Y, %H:%M}"
    if isinstance(value, timedelta):
        return duration(value.total_seconds())
    return str(value)
