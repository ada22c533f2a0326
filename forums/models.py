"""Forum data: topics, replies and what members do with them (kudos, follows, reads, edits)."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import GenericTaggedItemBase, TagBase

from community.core.slugs import unicode_slugify
from community.members.models import Audience

from .pages import ForumCategoryPage, ForumIndexPage  # noqa: F401  (Wagtail finds pages here)

TITLE_MAX_LENGTH = 150
TITLE_MIN_LENGTH = 8
BODY_MAX_LENGTH = 20_000


def normalise_tag_name(value: str) -> str:
    """One way to write each tag: composed accents ("é", not "e" + accent), no invisible
    characters, single spaces, lower case. Two tags that look the same are the same tag."""
    value = unicodedata.normalize("NFKC", value)
    value = "".join(ch for ch in value if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    return " ".join(value.split()).lower()


EMPTY_TAG_MESSAGE = "A tag needs at least one letter or digit (in any language): “{name}” has none."


class ForumTag(TagBase):
    """A tag in any script: "café", "データ" and "маркетинг" keep their letters in the slug, so
    /forums/tags/データ/ is the address, and a tag with no letters or digits at all is refused."""

    class Meta:
        verbose_name = "forum tag"
        verbose_name_plural = "forum tags"

    def slugify(self, tag: str, i: int | None = None) -> str:
        # Below the column's 100 characters, leaving room for taggit's "_<n>" on a clash.
        slug = unicode_slugify(tag)[:90].strip("-_")
        if not slug:
            raise ValidationError(EMPTY_TAG_MESSAGE.format(name=tag), code="empty_slug")
        return slug if i is None else f"{slug}_{i}"


class TaggedTopic(GenericTaggedItemBase):
    tag = models.ForeignKey(ForumTag, on_delete=models.CASCADE, related_name="tagged_topics")
    object_id = models.PositiveBigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "tag"], name="tagged_topic_unique"
            )
        ]


class Visibility(models.TextChoices):
    """Where a post stands. Only PUBLISHED posts are shown to everyone; the others only to their
    author (clearly marked) and to community managers."""

    PUBLISHED = "published", "Published"
    HELD = "held", "Awaiting approval"
    HIDDEN = "hidden", "Hidden by moderators"
    DELETED = "deleted", "Removed by moderators"


class Topic(models.Model):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", "Discussion"
        QUESTION = "question", "Question"

    category = models.ForeignKey(ForumCategoryPage, on_delete=models.CASCADE, related_name="topics")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="topics"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(max_length=80, allow_unicode=True)
    body_source = models.TextField(max_length=BODY_MAX_LENGTH)
    body_html = models.TextField()
    tags = TaggableManager(through=TaggedTopic, blank=True)
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.PUBLISHED
    )

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    # Denormalised counters, always changed with F() expressions in services.
    reply_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    kudos_count = models.PositiveIntegerField(default=0)
    # The highest reply number handed out (replies are numbered 1, 2, 3... within a topic).
    last_reply_number = models.PositiveIntegerField(default=0)
    last_reply = models.ForeignKey(
        "Reply", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    solution = models.ForeignKey(
        "Reply", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_pinned = models.BooleanField(default=False, help_text="Listed first on its category's page.")
    pinned_globally = models.BooleanField(
        default=False,
        verbose_name="pinned on the forums front page",
        help_text="Also listed first on /forums/, across all categories.",
    )
    is_locked = models.BooleanField(default=False)
    # Set when community managers merged this topic into another: its address leads there.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The author's segment when they posted, so segment filters need no joins.
    industry = models.ForeignKey(
        "members.Industry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        "members.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    audience = models.CharField(max_length=4, choices=Audience.choices, blank=True)

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pinned_globally=False) | Q(is_pinned=True),
                name="topic_global_pin_is_pinned",
                violation_error_message="A topic pinned on the front page is pinned in its category too.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["category", "visibility", "-last_activity_at", "-id"],
                name="topic_cat_activity",
            ),
            models.Index(
                fields=["category", "visibility", "-created_at", "-id"], name="topic_cat_newest"
            ),
            models.Index(
                fields=["category", "visibility", "-kudos_count", "-id"], name="topic_cat_kudos"
            ),
            models.Index(fields=["visibility", "-last_activity_at", "-id"], name="topic_activity"),
            models.Index(fields=["visibility", "-created_at", "-id"], name="topic_newest"),
            models.Index(fields=["visibility", "-kudos_count", "-id"], name="topic_kudos"),
            models.Index(
                fields=["kind", "reply_count", "-created_at", "-id"],
                condition=Q(kind="question", reply_count=0),
                name="topic_unanswered",
            ),
            models.Index(
                fields=["-last_activity_at", "-id"],
                condition=Q(is_pinned=True),
                name="topic_pinned",
            ),
            models.Index(
                fields=["-last_activity_at", "-id"],
                condition=Q(pinned_globally=True),
                name="topic_pinned_globally",
            ),
            models.Index(fields=["author", "-created_at"], name="topic_author"),
            models.Index(fields=["industry", "-last_activity_at"], name="topic_industry"),
            models.Index(fields=["region", "-last_activity_at"], name="topic_region"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.slug = unicode_slugify(self.title)[:80].strip("-_") or "topic"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "forums:topic",
            kwargs={"category": self.category.slug, "pk": self.pk, "slug": self.slug},
        )

    @property
    def is_published(self) -> bool:
        return self.visibility == Visibility.PUBLISHED

    @property
    def is_question(self) -> bool:
        return self.kind == self.Kind.QUESTION

    @property
    def is_solved(self) -> bool:
        return self.solution_id is not None


class Reply(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="replies"
    )
    number = models.PositiveIntegerField(help_text="Position in the topic, from 1.")
    body_source = models.TextField(max_length=BODY_MAX_LENGTH)
    body_html = models.TextField()
    quoted = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    kudos_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["number"]
        verbose_name_plural = "replies"
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="reply_number_unique"),
        ]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="reply_author"),
            # The moderation queue (and its count on every admin page) looks for the few held
            # replies among all of them.
            models.Index(fields=["id"], condition=Q(visibility=Visibility.HELD), name="reply_held"),
        ]

    def __str__(self) -> str:
        return f"Reply #{self.number} to {self.topic_id}"

    def get_absolute_url(self) -> str:
        return reverse("forums:reply", kwargs={"pk": self.pk})

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_published(self) -> bool:
        return self.visibility == Visibility.PUBLISHED


class Kudos(models.Model):
    """One member's kudos on a topic or a reply (never both)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "kudos"
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=False, reply__isnull=True)
                | Q(topic__isnull=True, reply__isnull=False),
                name="kudos_one_target",
            ),
            models.UniqueConstraint(
                fields=["member", "topic"],
                condition=Q(topic__isnull=False),
                name="kudos_topic_once",
            ),
            models.UniqueConstraint(
                fields=["member", "reply"],
                condition=Q(reply__isnull=False),
                name="kudos_reply_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Kudos from {self.member_id} on {'topic' if self.topic_id else 'reply'} {self.topic_id or self.reply_id}"


class TopicFollow(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="topic_follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} follows topic {self.topic_id}"


class TopicUnfollow(models.Model):
    """A member stopped following a topic, so replying there must not re-follow it."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="topic_unfollow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} stopped following topic {self.topic_id}"


class CategoryFollow(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        ForumCategoryPage, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "category"], name="category_follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} follows category {self.category_id}"


class TopicRead(models.Model):
    """How far a member has read a topic: the highest reply number they have seen."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    last_read_number = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "topic"], name="topic_read_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} read topic {self.topic_id} up to #{self.last_read_number}"


class PostRevision(models.Model):
    """The text of a topic or reply as it was before an edit."""

    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    body_source = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=False, reply__isnull=True)
                | Q(topic__isnull=True, reply__isnull=False),
                name="revision_one_target",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"Revision of {'topic' if self.topic_id else 'reply'} {self.topic_id or self.reply_id}"
        )
