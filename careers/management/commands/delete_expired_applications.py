"""`manage.py delete_expired_applications`: run daily (cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from careers.applications.services import delete_expired_applications


class Command(BaseCommand):
    help = (
        "Delete applications, with their CVs, to jobs closed more than "
        "CAREERS_APPLICATION_RETENTION_DAYS ago. Safe to run at any time, and twice."
    )

    def handle(self, *args, **options) -> None:
        deleted = delete_expired_applications()
        self.stdout.write(
            f"{deleted} application(s) deleted, kept "
            f"{settings.CAREERS_APPLICATION_RETENTION_DAYS} days after their job closed."
        )
