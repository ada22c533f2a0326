"""`manage.py send_job_alerts --frequency daily` (cron, each morning) and `--frequency weekly`
(once a week). Instant alerts need no command: they go out as a posting opens."""

from django.core.management.base import BaseCommand

from careers.alerts.services import send_summaries
from careers.application_models import AlertFrequency


class Command(BaseCommand):
    help = (
        "Send the daily or weekly job-alert summaries that are due; each job reaches a member "
        "once. Safe to run twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--frequency",
            choices=[AlertFrequency.DAILY.value, AlertFrequency.WEEKLY.value],
            required=True,
        )

    def handle(self, *args, frequency: str, **options) -> None:
        sent = send_summaries(frequency)
        self.stdout.write(f"{sent} {frequency} job-alert summary notification(s) sent.")
