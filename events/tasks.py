"""Background work of events: the reminders a day and an hour before."""

from django_tasks import task

from .services import announcements


@task()
def send_event_reminder(event_id: int, which: str) -> int:
    """Queued at publication for the reminder's time; sends nothing if already sent."""
    return announcements.send_reminder(event_id=event_id, which=which)


@task()
def send_due_reminders() -> int:
    return announcements.send_due_reminders()
