"""`manage.py send_event_reminders`: send the reminders that are due (run it from cron every few
minutes; each reminder goes out once however often it runs)."""

from django.core.management.base import BaseCommand

from events.search import reindex_ended_events
from events.services.announcements import send_due_reminders


class Command(BaseCommand):
    help = "Remind members of the events they registered for, a day and an hour before."

    def handle(self, *args, **options):
        told = send_due_reminders()
        self.stdout.write(f"{told} reminder(s) sent.")
        # Events that ended since the last run move to "past" in search.
        reindex_ended_events()
