"""Telling holders that a certificate is about to expire, once each, and taking the "Certified"
badge from members whose last certificate has expired.

Each certificate's notice is claimed with `UPDATE ... WHERE expiry_notice_sent_at IS NULL`
before anyone is told, so the task and the command may run as often as they like, even at the
same moment, and a member hears about each certificate once.
"""

from datetime import datetime

from django.db import transaction
from django.utils import formats, timezone

from ..models import Certificate
from ..notification_kinds import LearningKind
from . import rules
from .issuing import superseded, sync_badges, tell_holder


def due_notices(now: datetime):
    """Certificates in force that expire within the renewal window and were not announced."""
    return Certificate.objects.filter(
        revoked_at__isnull=True,
        expiry_notice_sent_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + rules.RENEWAL_WINDOW,
    ).order_by("expires_at", "pk")


def send_expiry_notice(certificate: Certificate, *, now: datetime) -> bool:
    """Claim the certificate's notice and tell its holder; False if someone claimed it first
    or a newer certificate already replaces it."""
    with transaction.atomic():
        claimed = Certificate.objects.filter(
            pk=certificate.pk, expiry_notice_sent_at__isnull=True
        ).update(expiry_notice_sent_at=now)
        if not claimed:
            return False
        if superseded(certificate):
            return False
        when = formats.date_format(timezone.localtime(certificate.expires_at), "j F Y")
        tell_holder(
            certificate,
            LearningKind.CERTIFICATE_EXPIRING,
            f"Your certificate “{certificate.title}” expires on {when}: recertify to keep it.",
        )
    return True


def send_due_expiry_notices(*, now: datetime | None = None) -> int:
    """Announce every certificate about to expire; returns how many holders were told."""
    now = now or timezone.now()
    told = sum(send_expiry_notice(c, now=now) for c in due_notices(now).iterator())
    sync_badges(now=now)
    return told
