from django.conf import settings
from django.core.management.base import BaseCommand

from community.core.extensions import seeders
from community.home.site_setup import ensure_site_tree


class Command(BaseCommand):
    help = "Fill the site with a believable demo community. Safe to run again: adds only what is missing."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--only", nargs="+", metavar="NAME", help="Run only these seeders (default: all)."
        )
        for seeder in seeders():
            if seeder.add_arguments:
                seeder.add_arguments(parser)

    def handle(self, *args, **options) -> None:
        ensure_site_tree(site_name=settings.SITE_NAME)
        wanted = set(options["only"] or [])
        for seeder in seeders():
            if wanted and seeder.name not in wanted:
                continue
            self.stdout.write(f"Seeding {seeder.name}…")
            seeder.seed(options, self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo community ready."))
