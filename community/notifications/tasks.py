"""Background work of notifications: announcement fan-out and e-mail."""

from django.conf import settings
from django_tasks import task

from . import announcements, emails


@task()
def deliver_announcement(announcement_id: int) -> int:
    return announcements.deliver(announcement_id, batch_size=settings.ANNOUNCEMENT_BATCH_SIZE)


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    return emails.send_immediate(notification_ids)
