"""Reading numbers back the way the dashboard does, and the dashboard's pages as a manager reads
them, for tests."""

import re
from datetime import timedelta
from html import unescape

from django.utils import timezone

from community.insight import aggregate
from community.insight.sources import Period, SegmentFilter, all_metrics

EVERYONE = SegmentFilter()


def page_text(response) -> str:
    """The page as read: tags dropped, entities decoded, white space folded."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def assert_page_shows(response, *phrases: str) -> str:
    """The page answered and reads every one of `phrases` (all the missing ones are named when it
    does not); its text is returned for further checks."""
    assert response.status_code == 200
    text = page_text(response)
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"not on the page: {missing}"
    return text


def numbers_now(segments: SegmentFilter = EVERYONE, days: int = 30) -> dict:
    """Every metric's value over the last `days` days, as the dashboard reads it."""
    today = timezone.localdate()
    period = Period(today - timedelta(days=days - 1), today)
    metrics = all_metrics()
    found = aggregate.numbers(metrics, period, segments)
    return {key: value for key, (value, _samples) in found.get((), {}).items()}
