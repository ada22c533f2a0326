"""The kinds of notification only events send (their labels are in contributions.py)."""

from enum import StrEnum


class EventKind(StrEnum):
    SEAT_OFFERED = "event_seat_offered"
    EVENT_CHANGED = "event_changed"
    EVENT_REMINDER = "event_reminder"
    CHAPTER_EVENT = "chapter_event_announced"
