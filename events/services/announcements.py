"""Telling people about events: a chapter's new event to its members, a change of time, place or
join link (or a cancellation) to everyone registered or waiting, and reminders a day and an hour
before to everyone holding a seat.

`event_published` runs on every publication of an event (wagtail_hooks connects it): it compares
the event with what was last announced (`EventPage.announced`), raises the iCalendar SEQUENCE
when calendars must update, and notifies. Reminders are claimed on the event row
(`UPDATE ... WHERE <reminder>_sent_at IS NULL`) before anyone is told, so a reminder task that
runs twice, or beside the sweep, sends nothing the second time.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from community.members.models import Profile
from community.notifications.services import notify

from .. import display, permissions
from ..models import SEAT_HOLDING, Registration, RegistrationStatus
from ..notification_kinds import EventKind
from ..pages import ChapterPage, EventPage
from . import chapters, registrations

# What calendars and attendees must hear about when it changes.
TIME_FIELDS = ("starts_at", "ends_at", "time_zone")
PLACE_FIELDS = ("format", "venue_name", "address", "map_url")
LINK_FIELDS = ("join_url",)
# Also raise the SEQUENCE (calendar apps update the entry) without telling anyone.
QUIET_FIELDS = ("title",)
ANNOUNCED_FIELDS = (*TIME_FIELDS, *PLACE_FIELDS, *LINK_FIELDS, "is_cancelled", *QUIET_FIELDS)


class Reminder:
    def __init__(self, key: str, lead: timedelta, column: str, wording: str) -> None:
        self.key, self.lead, self.column, self.wording = key, lead, column, wording


REMINDERS = {
    "day": Reminder("day", timedelta(days=1), "day_reminder_sent_at", "tomorrow"),
    "hour": Reminder("hour", timedelta(hours=1), "hour_reminder_sent_at", "in an hour"),
}


def when(event: EventPage, zone_name: str = "") -> str:
    """The start with its zone named: in `zone_name` (a member's own) when it is a zone and
    another than the event's, in the event's own zone otherwise."""
    zone = display.zone_or_none(zone_name)
    if zone is None or zone.key == event.zone.key:
        return f"{event.local_starts_at:%a %d %b %Y, %H:%M} ({event.time_zone})"
    return f"{event.starts_at.astimezone(zone):%a %d %b %Y, %H:%M} ({zone.key})"


def _notify_in_their_zones(
    *, kind: EventKind, recipients: list[int], event: EventPage, text: Callable[[str], str]
) -> None:
    """Notify each member with the event's time in their own zone: `text(when)` is written
    once per distinct time (one query for the members' zones, one notify() per text)."""
    zones = dict(Profile.objects.filter(user_id__in=recipients).values_list("user_id", "time_zone"))
    by_text: dict[str, list[int]] = {}
    for member_id in recipients:
        by_text.setdefault(text(when(event, zones.get(member_id, ""))), []).append(member_id)
    for message, members in by_text.items():
        notify(kind=kind, recipients=members, text=message, url=event.url or "", target=event)


def _state(event: EventPage) -> dict:
    state = {}
    for name in ANNOUNCED_FIELDS:
        value = getattr(event, name)
        state[name] = value.isoformat() if isinstance(value, datetime) else value
    return state


def _active_member_ids(event: EventPage) -> list[int]:
    return list(
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("member_id", flat=True)
    )


def event_published(*, event: EventPage) -> None:
    """Announce what the publication changed; see the module's docstring."""
    with transaction.atomic():
        event = EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)
        before, after = event.announced, _state(event)
        if not before:
            EventPage.objects.filter(pk=event.pk).update(announced=after)
            _announce_to_chapter(event)
        elif before != after:
            changed = {name for name in ANNOUNCED_FIELDS if before.get(name) != after[name]}
            updates = {"announced": after, "sequence": F("sequence") + 1}
            if changed & set(TIME_FIELDS):
                # Reminders follow the new time.
                updates.update(day_reminder_sent_at=None, hour_reminder_sent_at=None)
            EventPage.objects.filter(pk=event.pk).update(**updates)
            _announce_change(event, changed)
        # A raised capacity frees seats for those waiting.
        registrations.promote_from_waitlist(event=event)
    transaction.on_commit(lambda: schedule_reminders(event))


def _announce_to_chapter(event: EventPage) -> None:
    chapter = permissions.chapter_of(event)
    if chapter is None or event.is_cancelled or event.is_past():
        return
    _notify_in_their_zones(
        kind=EventKind.CHAPTER_EVENT,
        recipients=chapters.member_ids(chapter),
        event=event,
        text=lambda start: f"{chapter.title} announces {event.title}, {start}.",
    )


def _announce_change(event: EventPage, changed: set[str]) -> None:
    if "is_cancelled" in changed:

        def text(start: str) -> str:
            if event.is_cancelled:
                return f"{event.title} ({start}) is cancelled."
            return f"{event.title} is back on: {start}."

    else:
        moved_in_time = bool(changed & set(TIME_FIELDS))
        news = []
        if changed & set(PLACE_FIELDS):
            news.append("has a new place" if event.venue_name or event.address else "moved")
        if changed & set(LINK_FIELDS):
            # Never the link itself: those waiting read this too.
            news.append("has a new join link on its page")
        if not (moved_in_time or news):
            return

        def text(start: str) -> str:
            said = [f"now starts {start}"] if moved_in_time else []
            return f"{event.title} {' and '.join([*said, *news])}."

    _notify_in_their_zones(
        kind=EventKind.EVENT_CHANGED, recipients=_active_member_ids(event), event=event, text=text
    )


def _is_due(event: EventPage, reminder: Reminder, now: datetime) -> bool:
    return event.starts_at - reminder.lead <= now < event.starts_at


def send_reminder(*, event_id: int, which: str, now: datetime | None = None) -> int:
    """Remind everyone holding a seat, once: returns how many were told (0 when it is not due,
    already sent, or the event is cancelled or gone)."""
    reminder = REMINDERS[which]
    now = now or timezone.now()
    event = permissions.visible_events().filter(pk=event_id, is_cancelled=False).first()
    if event is None or not _is_due(event, reminder, now):
        return 0
    if which == "day" and _is_due(event, REMINDERS["hour"], now):
        # Too late for "tomorrow": the hour's reminder says it; claim this one unsent.
        EventPage.objects.filter(pk=event.pk, day_reminder_sent_at__isnull=True).update(
            day_reminder_sent_at=now
        )
        return 0
    with transaction.atomic():
        claimed = EventPage.objects.filter(
            pk=event.pk, **{f"{reminder.column}__isnull": True}
        ).update(**{reminder.column: now})
        if not claimed:
            return 0
        recipients = list(
            Registration.objects.filter(event=event, status__in=SEAT_HOLDING).values_list(
                "member_id", flat=True
            )
        )
        _notify_in_their_zones(
            kind=EventKind.EVENT_REMINDER,
            recipients=recipients,
            event=event,
            text=lambda start: f"{event.title} starts {reminder.wording}: {start}.",
        )
    return len(recipients)


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Send every reminder that is due and unsent (the periodic sweep); returns how many members
    were told."""
    now = now or timezone.now()
    told = 0
    upcoming = permissions.visible_events().filter(
        is_cancelled=False, starts_at__gt=now, starts_at__lte=now + REMINDERS["day"].lead
    )
    for which, reminder in REMINDERS.items():
        due = upcoming.filter(
            starts_at__lte=now + reminder.lead, **{f"{reminder.column}__isnull": True}
        ).values_list("pk", flat=True)
        for event_id in list(due):
            told += send_reminder(event_id=event_id, which=which, now=now)
    return told


def schedule_reminders(event: EventPage) -> None:
    """Queue the event's reminders for their time, when the task backend can wait; the sweep
    (`manage.py send_event_reminders`, run from cron) covers backends that cannot."""
    from ..tasks import send_event_reminder

    backend = send_event_reminder.get_backend()
    if not backend.supports_defer:
        return
    now = timezone.now()
    for which, reminder in REMINDERS.items():
        run_after = event.starts_at - reminder.lead
        if run_after > now:
            send_event_reminder.using(run_after=run_after).enqueue(event.pk, which)


def chapter_published(*, chapter: ChapterPage) -> None:
    chapters.sync_leader_group(chapter)
