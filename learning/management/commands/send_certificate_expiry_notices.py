"""`manage.py send_certificate_expiry_notices`: tell members whose certificate expires within
the renewal window (run it daily from cron; each notice goes out once however often it runs)."""

from django.core.management.base import BaseCommand

from learning.certificates.notices import send_due_expiry_notices


class Command(BaseCommand):
    help = "Tell members their certificate is about to expire, and update the Certified badge."

    def handle(self, *args, **options):
        told = send_due_expiry_notices()
        self.stdout.write(f"{told} expiry notice(s) sent.")
