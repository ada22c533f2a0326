"""Events: the plain models beside the Wagtail pages (chapter memberships, registrations,
calendar feed tokens, tags). The page models live in `pages.py`."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from taggit.models import TagBase, TaggedItemBase

from .pages import *  # noqa: F403  (Wagtail finds page models through the models module)
from .pages import ChapterPage, EventPage

# No 0/O, 1/I/L: a code is read aloud or typed at the door.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_registration_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class EventTag(TagBase):
    """Tags of events: their own vocabulary, apart from forum and story tags."""

    class Meta:
        verbose_name = "event tag"
        verbose_name_plural = "event tags"


class TaggedEvent(TaggedItemBase):
    tag = models.ForeignKey(EventTag, on_delete=models.CASCADE, related_name="tagged_events")
    content_object = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="tagged_items")


class ChapterMembership(models.Model):
    """A member belongs to (and so follows) a chapter: they hear when it announces an event."""

    chapter = models.ForeignKey(ChapterPage, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chapter_memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chapter", "member"], name="chapter_membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.chapter}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    WAITLISTED = "waitlisted", "On the waitlist"
    CANCELLED = "cancelled", "Cancelled"
    ATTENDED = "attended", "Checked in"


# Registrations that hold a seat (counted in EventPage.registered_count).
SEAT_HOLDING = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED)


class Registration(models.Model):
    """A member's RSVP to an event: one row per member and event, whatever they do with it.

    Cancelling keeps the row (status CANCELLED), so registering again reuses it and the short
    code a member may have printed stays theirs.
    """

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(
        max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    # Place in the waitlist while waiting (lowest first); empty otherwise.
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    code = models.CharField(
        max_length=CODE_LENGTH, unique=True, default=new_registration_code, editable=False,
        help_text="Shown (and as a QR code) at check-in.",
    )  # fmt: skip
    checked_in_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="registration_once"),
            models.UniqueConstraint(
                fields=["event", "waitlist_position"],
                condition=Q(status="waitlisted"),
                name="registration_waitlist_place_once",
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlist_position__isnull=False)
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="registration_position_only_when_waiting",
            ),
        ]
        indexes = [
            models.Index(
                fields=["event", "status", "waitlist_position"], name="registration_event_status"
            ),
            models.Index(fields=["member", "status"], name="registration_member_status"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.event} ({self.get_status_display()})"

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_HOLDING

    @property
    def is_active(self) -> bool:
        """Registered, checked in or waiting: not cancelled."""
        return self.status != RegistrationStatus.CANCELLED


class CalendarFeed(models.Model):
    """A member's private calendar feed: the secret in its address, which they can reset."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.member}"


# The conference's pages and models, beside the others for Wagtail and migrations to find.
from .conference import (  # noqa: E402, F401
    AgendaEntry,
    ConferencePage,
    ConferenceSession,
    ConferenceTrack,
    SessionSpeaker,
)
