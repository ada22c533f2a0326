from django.conf import settings
from django.core.management.base import BaseCommand

from community.home.site_setup import ensure_site_tree


class Command(BaseCommand):
    help = "Create the home page, the five section pages and the default site (safe to re-run)."

    def handle(self, *args, **options) -> None:
        home = ensure_site_tree(site_name=settings.SITE_NAME)
        self.stdout.write(self.style.SUCCESS(f"Page tree ready under {home.url_path}"))
