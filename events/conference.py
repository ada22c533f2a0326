"""The yearly conference: an event (so members register for it as for any other) with tracks,
and sessions that registered attendees gather into a personal agenda.

The conference page holds its tracks inline; sessions are plain models edited in their own
admin screen (a snippet), because they carry a seat counter that a page revision, published
later, must never write back. Agenda writes live in `services/agenda.py`, reads in
`conference_selectors.py`.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from .pages import EventPage
from .seats import SeatCapacity


class ConferencePage(EventPage):
    """The conference itself: its days are the days its sessions fall on, in its time zone."""

    content_panels = [
        *EventPage.content_panels,
        InlinePanel("tracks", heading="Tracks", label="Track"),
    ]

    template = "events/conference_page.html"
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "conference"

    def page_context(self, request) -> dict:
        from . import conference_selectors

        return {
            **super().page_context(request),
            **conference_selectors.schedule_context(self, viewer=request.user),
        }


class ConferenceTrack(Orderable):
    """A thread through the conference (a product, a role): a column of the schedule."""

    conference = ParentalKey(ConferencePage, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    def __str__(self) -> str:
        return self.name


def _session_editor_fields() -> list[str]:
    """What an editor's save writes: everything but the seat counter the agenda service keeps."""
    columns = [
        field.name
        for field in ConferenceSession._meta.concrete_fields
        if not field.primary_key and field.name != "seats_taken"
    ]
    relations = [
        relation.get_accessor_name() for relation in get_all_child_relations(ConferenceSession)
    ]
    return [*columns, *relations]


class ConferenceSession(SeatCapacity, ClusterableModel):
    """A talk, workshop or panel at a given time, in a track and a room."""

    conference = models.ForeignKey(
        ConferencePage, on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(max_length=200)
    abstract = models.TextField(max_length=2000, blank=True)
    track = models.ForeignKey(
        ConferenceTrack, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    room = models.CharField(max_length=80, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Seats in the room; leave empty for no limit."
    )
    # Agenda entries holding a seat; kept by services.agenda under the session's row lock.
    seats_taken = models.PositiveIntegerField(default=0, editable=False)

    panels = [
        FieldPanel("conference"),
        FieldPanel("title"),
        FieldPanel("abstract"),
        FieldRowPanel([FieldPanel("track"), FieldPanel("room")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading="When"),
        FieldPanel("capacity"),
        MultiFieldPanel([InlinePanel("speakers", label="Speaker")], heading="Speakers"),
    ]

    class Meta:
        ordering = ["starts_at", "track__sort_order", "pk"]
        indexes = [models.Index(fields=["conference", "starts_at"], name="session_by_time")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The session must end after it starts."})
        if self.track_id and self.conference_id and self.track.conference_id != self.conference_id:
            raise ValidationError({"track": "Pick a track of this session's conference."})

    def save(self, *args, **kwargs):
        # An editor's form read before members added the session must not reset its counter.
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = _session_editor_fields()
        return super().save(*args, **kwargs)

    @property
    def seats_held(self) -> int:
        return self.seats_taken

    def local_day(self, zone) -> date:
        return self.starts_at.astimezone(zone).date()

    def overlaps(self, other: "ConferenceSession") -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


class SessionSpeaker(Orderable):
    """Who speaks: a member (their profile is linked) or a guest named with title and company."""

    session = ParentalKey(ConferenceSession, on_delete=models.CASCADE, related_name="speakers")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="conference_talks",
    )  # fmt: skip
    name = models.CharField(max_length=120, blank=True, help_text="Empty: the member's name.")
    job_title = models.CharField(max_length=120, blank=True)
    company = models.CharField(max_length=120, blank=True)

    panels = [
        FieldPanel("member"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("job_title"), FieldPanel("company")]),
    ]

    def clean(self) -> None:
        super().clean()
        if not self.member_id and not self.name:
            raise ValidationError("Pick a member or write the speaker's name.")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or (str(self.member) if self.member_id else "")

    @property
    def role(self) -> str:
        return ", ".join(part for part in (self.job_title, self.company) if part)


class AgendaEntry(models.Model):
    """A session in a member's personal agenda ("my schedule"); it holds a seat if the session
    counts them."""

    session = models.ForeignKey(
        ConferenceSession, on_delete=models.CASCADE, related_name="agenda_entries"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_entries"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="agenda_entry_once"),
        ]
        indexes = [models.Index(fields=["member", "session"], name="agenda_by_member")]
        verbose_name_plural = "agenda entries"

    def __str__(self) -> str:
        return f"{self.session} in {self.member}'s agenda"
