"""The demo's welcome announcement, in every member's notification center, written as rows (a
seed is data, not events: nothing is pushed or mailed). It speaks of the site's sections, so it
belongs to the site, not to the notifications app."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from community.core.demo import Output
from community.core.markdown import render_markdown
from community.members.models import User
from community.notifications.kinds import Delivery, Kind
from community.notifications.models import Announcement, Notification

WELCOME_TITLE = "Welcome to the Northwind Community"
WELCOME_BODY = """\
We're glad you're here. A few ways to get the most out of the community:

- **Ask in the forums**: peers and our product experts answer most questions within a day.
- **Follow the categories you care about** to hear about new topics.
- **Accept the reply that solved your question**, so the next person finds it fast.

Choose how you hear from us in your notification settings.
"""


def seed(options: dict[str, Any], out: Output) -> None:
    if Announcement.objects.filter(title=WELCOME_TITLE).exists():
        out("Notifications: already seeded")
        return
    now = timezone.now()
    manager = User.objects.filter(email="manager@example.com").first()
    with transaction.atomic():
        announcement = Announcement.objects.create(
            title=WELCOME_TITLE,
            body_source=WELCOME_BODY,
            body_html=render_markdown(WELCOME_BODY),
            status=Announcement.Status.SENT,
            created_by=manager,
            sent_by=manager,
            queued_at=now,
            sent_at=now,
        )
        members = list(User.objects.filter(is_active=True).values_list("pk", flat=True))
        announcement_type = ContentType.objects.get_for_model(Announcement)
        Notification.objects.bulk_create(
            (
                Notification(
                    recipient_id=member_id,
                    actor=manager,
                    kind=Kind.ANNOUNCEMENT,
                    text=f"Announcement: {WELCOME_TITLE}",
                    url=announcement.get_absolute_url(),
                    target_type=announcement_type,
                    target_id=announcement.pk,
                    delivery=Delivery.WEB,
                    emailed_at=now,
                )
                for member_id in members
                if member_id != getattr(manager, "pk", None)
            ),
            batch_size=5000,
        )
        Announcement.objects.filter(pk=announcement.pk).update(
            recipient_count=len(members) - (1 if manager else 0),
            delivered_up_to=max(members, default=0),
        )
    out(f"Notifications: welcome announcement for {len(members)} members")
