"""Score the sentiment of every text never scored or edited since: safe to run again."""

from django.core.management.base import BaseCommand

from community.listening import services
from community.listening.sources import sentiment_sources


class Command(BaseCommand):
    help = "Score the sentiment of forum posts and survey reasons not scored yet (idempotent)."

    def add_arguments(self, parser) -> None:
        kinds = [source.kind for source in sentiment_sources()]
        parser.add_argument(
            "--kind", action="append", choices=kinds, help="Only this source (repeatable)."
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, kind=None, batch_size: int = 1000, **options) -> None:
        written = services.backfill(batch_size=batch_size, kinds=kind)
        for source_kind, count in written.items():
            self.stdout.write(f"{source_kind}: {count} scored")
