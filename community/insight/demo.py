"""The demo's rollups: computed once every other app has seeded (this seeder runs last)."""

from datetime import timedelta

from django.utils import timezone

from community.core.demo import Output

from . import rollup

#: The demo's history reaches back about a year; a quarter before it gives "the previous period".
DEMO_DAYS = 400


def seed_insight(options: dict, out: Output) -> None:
    run = rollup.recompute(since=timezone.localdate() - timedelta(days=DEMO_DAYS))
    out(f"Insight: {run.rows} rollup rows in {run.seconds:.1f}s.")
