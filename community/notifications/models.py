from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from community.members.models import Audience, Industry, Region

from .kinds import Delivery


class Notification(models.Model):
    """Something a member should hear about. The row is the truth; live pushes are only hints."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Grouped kinds (kudos) fold into one unread row per recipient and group.
    group_key = models.CharField(max_length=80, blank=True, default="")
    others_count = models.PositiveIntegerField(default=0)
    # How the recipient asked to hear of this kind when it was written; e-mails go out once.
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.WEB)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["delivery", "recipient"],
                condition=models.Q(emailed_at__isnull=True) & ~models.Q(delivery="web"),
                name="notification_mail_pending",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "group_key"],
                condition=models.Q(read_at__isnull=True) & ~models.Q(group_key=""),
                name="notification_one_unread_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}: {self.text}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """A member's choice for one kind; kinds without a row use the kind's default."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind}: {self.delivery}"


class Segment(models.Model):
    """Who a message or a survey is for: within a criterion any ticked value matches, and a
    member must match every criterion (an empty one matches everyone)."""

    industries = models.ManyToManyField(Industry, blank=True, related_name="+")
    regions = models.ManyToManyField(Region, blank=True, related_name="+")
    audiences = models.JSONField(
        default=list, blank=True, help_text=f"Any of {', '.join(a.value for a in Audience)}."
    )
    roles = models.ManyToManyField(Group, blank=True, related_name="+")

    class Meta:
        abstract = True


class Announcement(Segment):
    """A message from the community managers to a segment of members.

    Within one criterion any listed value matches; across criteria all must match; an empty
    criterion matches everyone.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    title = models.CharField(max_length=140)
    body_source = models.TextField("Message", max_length=10_000)
    body_html = models.TextField(editable=False, blank=True)
    link_url = models.URLField(
        "Link", blank=True, help_text="Optional: where members go to read more or act."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    # The fan-out walks members by id; a restarted delivery resumes after this one.
    delivered_up_to = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notifications:announcement", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT
