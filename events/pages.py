"""Event pages editors arrange in Wagtail: the events index at /events/, a page per local
chapter, and the events under a chapter (or directly under the index, for company webinars).

Thin on purpose: fields, panels and small properties. Registrations, calendars and the rules
live in `services/`, reads in `selectors.py`, who may do what in `permissions.py`.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from community.core.pages import PageContextMixin, SectionIndexPage, listing_arguments
from community.members.targeting import SegmentTargeted

# validate_time_zone is also importable from here, as the first migrations name it.
from community.members.time_zones import time_zone_choices, validate_time_zone

from .admin_members import MemberSearchWidget
from .blocks import TEXT_FEATURES, event_body_blocks
from .seats import SeatCapacity

# Paths under /events/ that belong to the events' own views (events/urls.py), so no chapter or
# event directly under the index may take them as its slug.
RESERVED_SLUGS = {"e", "calendar", "chapters", "api", "feed", "check-in"}


def _check_slug(page: Page) -> None:
    if page.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": f"“{page.slug}” is used by the events section itself."})


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid"


class RegistrationWindow(models.TextChoices):
    """Whether an event takes registrations right now, and if not, why."""

    OPEN = "open", "Registration is open."
    NOT_YET = "not_yet", "Registration has not opened yet."
    CLOSED = "closed", "Registration for this event has closed."
    CANCELLED = "cancelled", "This event is cancelled."
    PAST = "past", "This event is over."


class EventIndexPage(PageContextMixin, SectionIndexPage):
    """Chapters, meetups, webinars and the yearly conference, at /events/."""

    template = "events/event_index_page.html"
    subpage_types = ["events.ChapterPage", "events.EventPage", "events.ConferencePage"]

    class Meta:
        verbose_name = "events index"

    def page_context(self, request) -> dict:
        from . import selectors

        return selectors.listing_context(**listing_arguments(request))


class ChapterPage(PageContextMixin, Page):
    """A local chapter: members in a city who meet, led by chapter leaders.

    Leaders are named here by community managers; publishing the chapter gives them (through
    the chapter's own group, see services/chapters.py) the right to add, edit and publish the
    chapter's events, and nothing else.
    """

    city = models.CharField(max_length=120)
    country = models.ForeignKey(
        "members.Country", on_delete=models.PROTECT, related_name="+",
        help_text="The chapter's country, which places it in a region.",
    )  # fmt: skip
    description = RichTextField(blank=True, features=TEXT_FEATURES)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leaders = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="led_chapters",
        help_text="Members who run the chapter: they add, edit and publish its events.",
    )  # fmt: skip
    # The group holding the page permissions of the chapter's leaders; kept in step with
    # `leaders` by services.chapters, never edited by hand.
    leader_group = models.OneToOneField(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )  # fmt: skip

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("city"), FieldPanel("country")], heading="Where"),
        FieldPanel("description"),
        FieldPanel("cover_image"),
        FieldPanel("leaders", widget=MemberSearchWidget),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("city"),
        index.FilterField("country"),
    ]

    template = "events/chapter_page.html"
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = "chapter"

    def page_context(self, request) -> dict:
        from . import selectors

        return selectors.chapter_page_context(self, viewer=request.user)

    def clean(self) -> None:
        super().clean()
        _check_slug(self)

    def permissions_for_user(self, user):
        from .permissions import ChapterPermissionTester

        return ChapterPermissionTester(user, self)

    @property
    def region(self):
        return self.country.region if self.country_id else None


# Fields an event keeps from its live row whichever revision is published: they are counted,
# claimed or announced by the services, not written in the editor.
SERVICE_FIELDS = (
    "sequence",
    "registered_count",
    "waitlist_count",
    "day_reminder_sent_at",
    "hour_reminder_sent_at",
    "announced",
)


def _editor_fields(model) -> list[str]:
    """Everything a page save writes (columns, child relations, parental many-to-many) except
    SERVICE_FIELDS."""
    columns = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in SERVICE_FIELDS
    ]
    return [
        *columns,
        *(relation.get_accessor_name() for relation in get_all_child_relations(model)),
        *(field.name for field in get_all_child_m2m_relations(model)),
    ]


class EventPage(PageContextMixin, SeatCapacity, SegmentTargeted, Page):
    """A meetup, webinar or the conference: when and where, who it is for, and its seats."""

    summary = models.TextField(
        max_length=400, help_text="Two or three sentences shown in listings, calendars and shares."
    )
    body = StreamField(event_body_blocks(), blank=True)
    format = models.CharField(
        max_length=10, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone],
        help_text="Where the event happens (or is hosted from); times are shown in it.",
    )  # fmt: skip
    venue_name = models.CharField("venue", max_length=160, blank=True)
    address = models.TextField(blank=True, max_length=400)
    map_url = models.URLField("map link", blank=True, max_length=500)
    join_url = models.URLField(
        "online join link", blank=True, max_length=500,
        help_text="Shown only to registered members: never on the page for others, in feeds "
        "or in search.",
    )  # fmt: skip
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Seats; leave empty for no limit."
    )
    registration_opens_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: open as soon as the event is published."
    )
    registration_closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: open until the event starts."
    )
    tags = ClusterTaggableManager(through="events.TaggedEvent", blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_cancelled = models.BooleanField(
        "cancelled", default=False,
        help_text="Keeps the page up, tells everyone registered or waiting, and takes no more "
        "registrations.",
    )  # fmt: skip
    recording_url = models.URLField("recording", blank=True, max_length=500)
    slides_url = models.URLField("slides", blank=True, max_length=500)

    # Kept by the services (see SERVICE_FIELDS): raised on every change calendars must
    # pick up (iCalendar SEQUENCE), seat counters, reminder claims, and what was last announced.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    registered_count = models.PositiveIntegerField(default=0, editable=False)
    waitlist_count = models.PositiveIntegerField(default=0, editable=False)
    day_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    hour_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    announced = models.JSONField(default=dict, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("format"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("time_zone", widget=forms.Select(choices=time_zone_choices)),
            ],
            heading="When",
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("address"),
                FieldPanel("map_url"),
                FieldPanel("join_url"),
            ],
            heading="Where",
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
            ],
            heading="Registration",
        ),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("tags"),
                FieldPanel("target_industries"),
                FieldPanel("target_regions"),
                FieldPanel("target_audience"),
            ],
            heading="Who it is for",
        ),
        MultiFieldPanel(
            [FieldPanel("recording_url"), FieldPanel("slides_url")], heading="Afterwards"
        ),
        FieldPanel("is_cancelled"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("venue_name"),
        index.FilterField("starts_at"),
        index.FilterField("format"),
    ]

    template = "events/event_page.html"
    parent_page_types = ["events.EventIndexPage", "events.ChapterPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "event"
        indexes = [models.Index(fields=["starts_at"], name="event_starts_at")]

    def page_context(self, request) -> dict:
        from . import selectors

        return selectors.event_page_context(self, viewer=request.user)

    def clean(self) -> None:
        super().clean()
        _check_slug(self)
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The event must end after it starts."
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = "Registration must close after it opens."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # A page read before a registration and saved after it (publishing from the editor)
        # must not write back stale counters: the editor's saves leave the service's fields alone.
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = _editor_fields(type(self))
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        # Publishing an older revision must not roll back the counters and claims above.
        page = super().with_content_json(content)
        for name in SERVICE_FIELDS:
            setattr(page, name, getattr(self, name))
        return page

    # --- Small readings of the row, for services, selectors and templates ---------------------

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.time_zone)
        except (ValueError, KeyError):
            return ZoneInfo("UTC")

    @property
    def local_starts_at(self) -> datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self) -> datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def closes_at(self) -> datetime:
        return self.registration_closes_at or self.starts_at

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def seats_held(self) -> int:
        return self.registered_count

    def is_past(self, now: datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())

    def registration_window(self, now: datetime | None = None) -> RegistrationWindow:
        now = now or timezone.now()
        if self.is_cancelled:
            return RegistrationWindow.CANCELLED
        if self.ends_at <= now:
            return RegistrationWindow.PAST
        if self.registration_opens_at and now < self.registration_opens_at:
            return RegistrationWindow.NOT_YET
        if now >= self.closes_at:
            return RegistrationWindow.CLOSED
        return RegistrationWindow.OPEN

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at
