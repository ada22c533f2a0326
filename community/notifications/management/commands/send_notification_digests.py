from django.core.management.base import BaseCommand

from community.notifications.emails import send_digests


class Command(BaseCommand):
    help = (
        "E-mail each member the notifications they chose to get in a daily digest. "
        "Run it once a day (cron or a scheduler); running it again sends nothing twice."
    )

    def handle(self, *args, **options) -> None:
        sent = send_digests()
        self.stdout.write(f"Sent {sent} digest{'s' if sent != 1 else ''}.")
