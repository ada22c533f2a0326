"""E-mail for notifications: one message at once, or a daily digest. Nothing is mailed twice.

Rows are claimed under a row lock (skipping rows another sender holds) and stamped
`emailed_at` in the same transaction as the send; a failed send rolls the stamp back.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from community.core.links import absolute_url
from community.members.models import User

from .kinds import Delivery
from .models import Notification
from .targets import unavailable_ids

logger = logging.getLogger(__name__)

DIGEST_MAX_ITEMS = 25


def _message(member: User, template: str, context: dict) -> EmailMultiAlternatives:
    context = {
        "member": member,
        "site_name": settings.SITE_NAME,
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        **context,
    }
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[member.email],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def send_immediate(notification_ids: Iterable[int]) -> int:
    """Mail each notification its recipient asked to get by e-mail at once; returns how many."""
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=list(notification_ids), delivery=Delivery.EMAIL, emailed_at__isnull=True)
            .select_related("recipient")
            .order_by("pk")
        )
        messages = [
            _message(
                n.recipient,
                "notifications/email/notification",
                {"notification": n, "url": absolute_url(n.url)},
            )
            for n in rows
            if n.recipient.email and n.recipient.is_active
        ]
        if messages:
            get_connection().send_messages(messages)
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())
    return len(messages)


def send_digests() -> int:
    """Send every member with waiting digest items one e-mail; returns how many were sent.

    Items read on the site in the meantime, or whose target is gone, are skipped but still
    marked, so the next run starts clean.
    """
    pending = (
        Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for member_id in list(pending):
        try:
            sent += _send_digest_to(member_id)
        except Exception:  # noqa: BLE001 - one bad address must not stop everyone's digest
            logger.exception("Could not send the digest of member %s", member_id)
    return sent


def _send_digest_to(member_id: int) -> int:
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(recipient_id=member_id, delivery=Delivery.DIGEST, emailed_at__isnull=True)
            .order_by("pk")
        )
        if not rows:
            return 0
        member = User.objects.get(pk=member_id)
        gone = unavailable_ids(member, rows)
        items = [n for n in rows if n.read_at is None and n.pk not in gone]
        count = 0
        if items and member.email and member.is_active:
            shown = items[-DIGEST_MAX_ITEMS:]
            for n in shown:
                n.absolute_url = absolute_url(n.url)
            message = _message(
                member,
                "notifications/email/digest",
                {
                    "items": shown,
                    "more": len(items) - len(shown),
                    "total": len(items),
                    "center_url": absolute_url(reverse("notifications:list")),
                },
            )
            message.send()
            count = 1
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())
    return count
