"""`manage.py close_expired_jobs`: mark jobs past their closing date closed (run it daily from
cron; jobs leave the listings on their date anyway, this tidies their status and search entry)."""

from django.core.management.base import BaseCommand

from careers.services import close_expired_postings


class Command(BaseCommand):
    help = "Close jobs whose closing date has passed."

    def handle(self, *args, **options):
        closed = close_expired_postings()
        self.stdout.write(f"{closed} expired job(s) closed.")
