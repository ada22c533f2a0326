"""Reports, the audit log of moderation actions, and the blocked words list."""

import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models


class Report(models.Model):
    """One member's report of one item (a post, a profile...). One per member per item."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse or harassment"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for review"
        KEPT = "kept", "Reviewed: no action needed"
        ACTIONED = "actioned", "Reviewed: action taken"

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    text = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Once reviewed, an item (edited since, perhaps) can be reported again.
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=models.Q(status="open"),
                name="report_once_per_member",
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id", "status"], name="report_target"),
            models.Index(fields=["status", "-created_at"], name="report_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} report on {self.target_type_id}:{self.target_id}"


class ModerationAction(models.Model):
    """The audit log: who did what, to what, when and why. Rows are never edited."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the community's rules acted by themselves (auto-hide, blocked words).",
    )
    action = models.CharField(max_length=30, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_history",
        help_text="The member the action concerns (the author, or the member acted on).",
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.target_label}"


class BlockedPattern(models.Model):
    """A word or pattern community managers keep out of posts."""

    class Outcome(models.TextChoices):
        HOLD = "hold", "Hold the post for review"
        REJECT = "reject", "Reject the post"

    pattern = models.CharField(
        max_length=200, help_text="A word or phrase, or a regular expression."
    )
    is_regex = models.BooleanField(default=False, verbose_name="regular expression")
    outcome = models.CharField(max_length=6, choices=Outcome.choices, default=Outcome.HOLD)
    note = models.CharField(
        max_length=200, blank=True, help_text="Why it is blocked (for managers)."
    )

    class Meta:
        ordering = ["pattern"]

    def __str__(self) -> str:
        return self.pattern

    def clean(self) -> None:
        if self.is_regex:
            try:
                re.compile(self.pattern)
            except re.error as error:
                raise ValidationError(
                    {"pattern": f"That is not a valid regular expression: {error}"}
                ) from None

    def compiled(self) -> re.Pattern:
        # Whole words or phrases only ("class" must not match "classic"), even when the
        # phrase itself starts or ends with punctuation.
        source = self.pattern if self.is_regex else rf"(?<!\w){re.escape(self.pattern)}(?!\w)"
        return re.compile(source, re.IGNORECASE)
