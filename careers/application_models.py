"""Applications with their CVs, job alerts and open-to-work: what job seekers keep in careers.

An application is personal data: the applicant, the job's employers and community managers see
it (`permissions`), it is in the member's data export, and it is deleted with its CV a set time
after the job closes (CAREERS_APPLICATION_RETENTION_DAYS), or at once when the applicant asks.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .cv_storage import cv_storage

COVER_LETTER_MAX_LENGTH = 5000
SAVED_SEARCH_NAME_MAX_LENGTH = 80
SAVED_SEARCH_QUERY_MAX_LENGTH = 1000


class Stage(models.TextChoices):
    NEW = "new", "New"
    REVIEWING = "reviewing", "Reviewing"
    INTERVIEW = "interview", "Interview"
    OFFER = "offer", "Offer"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Not selected"


class Application(models.Model):
    job = models.ForeignKey(
        "careers.JobPosting", on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_applications"
    )
    cv = models.FileField(storage=cv_storage, max_length=100)
    # The name the file was sent with (any script), offered again on download.
    cv_name = models.CharField(max_length=200)
    cv_size = models.PositiveIntegerField()
    cover_letter = models.TextField(max_length=COVER_LETTER_MAX_LENGTH)
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.NEW)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "applicant"], name="application_once_per_job")
        ]
        indexes = [
            models.Index(fields=["job", "stage", "-created_at"], name="application_job_stage"),
            models.Index(fields=["applicant", "-created_at"], name="application_applicant"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} for {self.job}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_closed(self) -> bool:
        return self.is_withdrawn or self.stage in (Stage.HIRED, Stage.REJECTED)


class StageChange(models.Model):
    """One step in an application's history: which stage, when, and who moved it there."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="stage_changes"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} at {self.changed_at:%Y-%m-%d %H:%M}"


class AlertFrequency(models.TextChoices):
    INSTANT = "instant", "As soon as a job is posted"
    DAILY = "daily", "Once a day"
    WEEKLY = "weekly", "Once a week"


# Most urgent first: a posting several searches match goes out the soonest way.
FREQUENCY_URGENCY = [AlertFrequency.INSTANT, AlertFrequency.DAILY, AlertFrequency.WEEKLY]


class SavedSearch(models.Model):
    """A member's job search, kept as the listing's query string, and how often to hear of it."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_job_searches"
    )
    name = models.CharField(max_length=SAVED_SEARCH_NAME_MAX_LENGTH)
    query = models.CharField(max_length=SAVED_SEARCH_QUERY_MAX_LENGTH, blank=True)
    frequency = models.CharField(
        max_length=8, choices=AlertFrequency.choices, default=AlertFrequency.DAILY
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "query"], name="saved_search_once"),
        ]
        indexes = [models.Index(fields=["frequency", "last_sent_at"], name="saved_search_due")]

    def __str__(self) -> str:
        return self.name


class JobAlert(models.Model):
    """A posting matched one of a member's saved searches: sent once, whichever searches match."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_alerts"
    )
    posting = models.ForeignKey(
        "careers.JobPosting", on_delete=models.CASCADE, related_name="alerts"
    )
    saved_search = models.ForeignKey(
        SavedSearch, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    frequency = models.CharField(max_length=8, choices=AlertFrequency.choices)
    matched_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "posting"], name="job_alert_once"),
        ]
        indexes = [
            models.Index(
                fields=["frequency", "member"],
                condition=Q(sent_at__isnull=True),
                name="job_alert_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"Job {self.posting_id} for member {self.member_id}"


class OpenToWork(models.Model):
    """A member's "open to work" card, which only employers browse, while it is visible."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_to_work"
    )
    roles = models.CharField(max_length=200, help_text="The roles you are looking for.")
    places = models.CharField(
        max_length=200, blank=True, help_text="Cities or countries you would work in."
    )
    countries = models.ManyToManyField("members.Country", blank=True, related_name="+")
    remote_ok = models.BooleanField("open to remote work", default=True)
    visible = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["visible", "-updated_at"], name="open_to_work_visible")]

    def __str__(self) -> str:
        return f"{self.member} is open to work"
