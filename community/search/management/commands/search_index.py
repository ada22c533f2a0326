"""`manage.py search_index --rebuild [--type TYPE ...]`: rebuild the search index."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from community.search import indexing, registry


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database (all content, or some types), or send the "
        "search engine what it missed while it was unreachable."
    )

    def add_arguments(self, parser) -> None:
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true", help="Index everything again.")
        action.add_argument(
            "--retry-backlog",
            action="store_true",
            help="Send the search engine the updates it missed while unreachable.",
        )
        parser.add_argument(
            "--type",
            nargs="+",
            dest="types",
            metavar="TYPE",
            help="Only these types (default: all). Known: "
            + ", ".join(t.name for t in registry.all_types()),
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options) -> None:
        if options["retry_backlog"]:
            sent = indexing.retry_backlog(limit=10_000)
            self.stdout.write(f"{sent} waiting updates sent to the search engine.")
            return
        known = {t.name for t in registry.all_types()}
        types = options["types"]
        unknown = sorted(set(types or []) - known)
        if unknown:
            raise CommandError(
                f"Unknown type {', '.join(unknown)}; choose from {', '.join(sorted(known))}."
            )
        started = time.monotonic()
        bar = ProgressBar(self.stdout, enabled=options["verbosity"] > 0)
        written = indexing.rebuild(
            kinds=types, batch_size=max(1, options["batch_size"]), progress=bar.update
        )
        bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {written:,} documents in {time.monotonic() - started:.1f} s."
            )
        )


class ProgressBar:
    """One line per type, redrawn in place on a terminal, printed once per step otherwise."""

    WIDTH = 30

    def __init__(self, stream, *, enabled: bool) -> None:
        self.stream, self.enabled = stream, enabled
        self.interactive = hasattr(sys.stdout, "isatty") and sys.stdout.isatty()
        self.current, self.last_percent = None, -1

    def update(self, kind: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if kind != self.current:
            self.close()
            self.current, self.last_percent = kind, -1
        percent = int(done * 100 / total) if total else 100
        filled = int(self.WIDTH * percent / 100)
        line = f"{kind:<10} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {percent:3d}% {done:,}/{total:,}"
        if self.interactive:
            self.stream.write("\r" + line, ending="")
            self.stream.flush()
        elif percent // 10 != self.last_percent // 10:
            self.stream.write(line)
        self.last_percent = percent

    def close(self) -> None:
        if self.enabled and self.interactive and self.current is not None:
            self.stream.write("")
        self.current = None
