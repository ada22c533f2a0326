"""Pulse surveys, the answers members give, the follow-ups managers take on, and the sentiment
of what members write.

A survey is aimed at a segment with the same criteria as announcements (any ticked value within
a criterion, every criterion at once). When it is launched, each member of the segment gets an
invitation row carrying their segment at that moment: the prompt, the response rate and the
results by segment all read those rows, so a member who moves region later does not rewrite
past results.
"""

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from community.members.models import Audience, Industry, Region
from community.notifications.models import Segment

SCORES = range(0, 11)
DEFAULT_REASON_QUESTION = "What is the main reason for your score?"


class Category(models.TextChoices):
    """The three kinds of answer NPS counts."""

    PROMOTER = "promoter", "Promoters (9–10)"
    PASSIVE = "passive", "Passives (7–8)"
    DETRACTOR = "detractor", "Detractors (0–6)"


def category_of(score: int) -> Category:
    if score >= 9:
        return Category.PROMOTER
    if score >= 7:
        return Category.PASSIVE
    return Category.DETRACTOR


class Survey(Segment):
    """An NPS pulse survey: one 0–10 question, an optional reason, a segment and a window."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        LAUNCHED = "launched", "Launched"

    title = models.CharField(
        max_length=140, help_text="For managers only, e.g. “Q3 pulse: retail in EMEA”."
    )
    product_name = models.CharField(
        "Product",
        max_length=80,
        default="Northwind",
        help_text="Members read: “How likely are you to recommend <product> to a friend or "
        "colleague?”",
    )
    ask_reason = models.BooleanField(
        "Ask for a reason",
        default=True,
        help_text="Adds an optional free-text question after the score.",
    )
    reason_question = models.CharField(max_length=200, default=DEFAULT_REASON_QUESTION, blank=True)
    opens_at = models.DateTimeField("Opens", default=timezone.now)
    closes_at = models.DateTimeField("Closes")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    launched_at = models.DateTimeField(null=True, blank=True)
    # Members in the segment when it was launched: the response rate's denominator.
    invited_count = models.PositiveIntegerField(default=0)
    # The invitations walk members by id; a restarted fan-out resumes after this one.
    invited_up_to = models.PositiveBigIntegerField(default=0)
    answer_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("listening:survey", args=[self.pk])

    @property
    def question(self) -> str:
        return question_for(self.product_name)

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.LAUNCHED and self.opens_at <= now < self.closes_at


def question_for(product_name: str) -> str:
    return f"How likely are you to recommend {product_name} to a friend or colleague?"


class SegmentSnapshot(models.Model):
    """The member's segment when the row was written."""

    industry = models.ForeignKey(
        Industry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    audience = models.CharField(max_length=4, choices=Audience.choices, blank=True)

    class Meta:
        abstract = True


class Invitation(SegmentSnapshot):
    """A member of the survey's segment, asked once; the prompt shows while it is pending."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    created_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="one_invitation_per_member")
        ]
        indexes = [
            models.Index(
                fields=["member"],
                condition=models.Q(answered_at__isnull=True, dismissed_at__isnull=True),
                name="invitation_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} for {self.member_id}"

    def answer(self, *, score: int, reason: str, at: datetime) -> "Response":
        """The member's answer, not saved yet, counted in the segment they were invited in."""
        return Response(
            survey_id=self.survey_id,
            member_id=self.member_id,
            score=score,
            reason=reason,
            industry_id=self.industry_id,
            region_id=self.region_id,
            audience=self.audience,
            created_at=at,
        )


class Response(SegmentSnapshot):
    """A member's answer: at most one per member and survey, whatever the concurrency."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_responses"
    )
    score = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="one_answer_per_member"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=10), name="score_from_0_to_10"
            ),
        ]
        indexes = [models.Index(fields=["survey", "score"], name="response_by_score")]

    def __str__(self) -> str:
        return f"{self.score} from {self.member_id} on {self.survey_id}"

    @property
    def category(self) -> Category:
        return category_of(self.score)


class FollowUp(models.Model):
    """What a manager does about an answer: listening that leads to action."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="follow_up")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="listening_follow_ups",
        help_text="The community manager who takes it on.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["status", "-updated_at"], name="follow_up_by_status")]

    def __str__(self) -> str:
        return f"Follow-up on answer {self.response_id}"


class SentimentScore(SegmentSnapshot):
    """The VADER compound score (−1 very negative … +1 very positive) of one written text.

    Any app's text can be scored: forum posts, NPS reasons (see `sentiment_sources`). `digest`
    is the hash of the scored text, so an edit is scored again and an unchanged text never is.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    text = GenericForeignKey("content_type", "object_id")
    # The conversation the text belongs to (a forum topic), for "most negative threads".
    thread_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread_id = models.PositiveBigIntegerField(null=True, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField()
    compound = models.FloatField()
    digest = models.CharField(max_length=32)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_sentiment_per_text"
            )
        ]
        indexes = [
            models.Index(fields=["written_at"], name="sentiment_by_date"),
            models.Index(fields=["thread_type", "thread_id"], name="sentiment_by_thread"),
        ]

    def __str__(self) -> str:
        return f"{self.compound:+.2f} for {self.content_type_id}:{self.object_id}"
