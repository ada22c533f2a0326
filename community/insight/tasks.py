"""Background work of the insight: the rollup of recent days, queued nightly (and after a seed)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import rollup

#: Days rewritten by the nightly run: a question asked three weeks ago and answered today
#: changes its day's numbers, so recent days are recomputed, not only yesterday.
RECENT_DAYS = 35


@task()
def rollup_recent_days(days: int = RECENT_DAYS) -> int:
    """Recompute the last `days` days of every source; returns the rows written."""
    since = timezone.localdate() - timedelta(days=days)
    return rollup.recompute(since=since).rows
