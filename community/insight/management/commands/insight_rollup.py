"""manage.py insight_rollup --since 2026-01-01 [--until 2026-03-31] [--source forums]"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from community.insight import rollup
from community.insight.sources import all_sources
from community.insight.tasks import RECENT_DAYS


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"“{value}” is not a date like 2026-01-31.") from error


class Command(BaseCommand):
    help = "Recompute the community health dashboard's daily rollups for a range of days."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--since", type=_day, help=f"First day (default: {RECENT_DAYS} days ago)."
        )
        parser.add_argument("--until", type=_day, help="Last day (default: today).")
        parser.add_argument(
            "--source", action="append", default=[], help="Only this source (repeatable)."
        )

    def handle(self, *args, since=None, until=None, source=(), **options) -> None:
        today = timezone.localdate()
        since = since or today - timedelta(days=RECENT_DAYS)
        until = until or today
        if since > until:
            raise CommandError("--since must be on or before --until.")
        sources = all_sources()
        if source:
            unknown = set(source) - {s.name for s in sources}
            if unknown:
                names = ", ".join(s.name for s in sources)
                raise CommandError(f"Unknown source {', '.join(sorted(unknown))}; known: {names}.")
            sources = [s for s in sources if s.name in source]
        run = rollup.recompute(since=since, until=until, sources=sources)
        self.stdout.write(
            f"Rolled up {since} to {until}: {run.rows} rows from {len(sources)} sources "
            f"in {run.seconds:.1f}s."
        )
