"""Small presentation helpers for the forum templates."""

import re
from datetime import datetime, timedelta
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince

register = template.Library()

HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
DEFAULT_ACCENT = "#4f46e5"


@register.filter
def hex_colour(value: str) -> str:
    """The colour if it is a plain hex colour, else the default.

    Accent colours go into style attributes, so anything else an editor typed stays out.
    """
    value = (value or "").strip()
    return value if HEX_COLOUR.fullmatch(value) else DEFAULT_ACCENT


@register.filter
def compact_count(value: int | None) -> str:
    """1234 -> "1.2k", so busy topics keep their stats column narrow."""
    number = int(value or 0)
    if number < 1000:
        return str(number)
    if number < 1_000_000:
        shown = f"{number / 1000:.1f}".removesuffix(".0")
        return f"{shown}k"
    shown = f"{number / 1_000_000:.1f}".removesuffix(".0")
    return f"{shown}M"


@register.simple_tag
def ago(value: datetime | None, prefix: str = "") -> SafeString | str:
    """A <time> saying how long ago, to one unit ("3 hours ago"), with the full date on hover."""
    if value is None:
        return ""
    if timezone.now() - value < timedelta(minutes=1):
        text = "just now"
    else:
        text = f"{timesince(value, depth=1)} ago"
    return format_html(
        '<time datetime="{}" title="{}">{}{}</time>',
        value.isoformat(),
        date_format(timezone.localtime(value), "DATETIME_FORMAT"),
        f"{prefix} " if prefix else "",
        text,
    )


def page_window(page: int, page_count: int, around: int = 2) -> list[int | None]:
    """Page numbers to link, with None for a gap: 1 … 4 5 [6] 7 8 … 40.

    Long threads would otherwise print hundreds of links.
    """
    shown = {1, page_count, *range(page - around, page + around + 1)}
    numbers = sorted(n for n in shown if 1 <= n <= page_count)
    window: list[int | None] = []
    for number in numbers:
        if window and number - window[-1] == 2:
            window.append(number - 1)
        elif window and number - window[-1] > 2:
            window.append(None)
        window.append(number)
    return window


@register.simple_tag
def thread_pages(thread: Any, topic_url: str) -> dict[str, Any]:
    """The page links of a long thread, in the shape includes/pagination.html reads.

    Links are absolute: after a failed reply the page is shown at the reply form's address,
    where "?page=2" alone would lead nowhere.
    """

    def url(number: int) -> str:
        return f"{topic_url}?page={number}"

    page, page_count = thread.page, thread.page_count
    return {
        "previous": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < page_count else None,
        "numbers": [
            {"number": number, "url": url(number), "current": number == page} if number else {}
            for number in page_window(page, page_count)
        ],
    }
