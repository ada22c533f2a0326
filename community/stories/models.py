"""Stories: the plain models beside the Wagtail pages (tags, products, advocates,
recommendations and member highlights). The page models live in `pages.py`."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from taggit.models import TagBase, TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from .pages import *  # noqa: F403  (Wagtail finds page models through the models module)
from .pages import StoryPage


class Product(models.Model):
    """A product customers use; stories name the ones they used, and readers filter by them."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    sort_order = models.PositiveIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class StoryTag(TagBase):
    """Tags of stories and articles: their own vocabulary, apart from the forum tags."""

    class Meta:
        verbose_name = "story tag"
        verbose_name_plural = "story tags"


class TaggedStory(TaggedItemBase):
    tag = models.ForeignKey(StoryTag, on_delete=models.CASCADE, related_name="tagged_stories")
    content_object = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="tagged_items")


class StoryAdvocate(Orderable):
    """A member a story names as one of its advocates; while the story is published they carry
    the "Advocate" badge."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="advocates")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_advocacies"
    )

    panels = [FieldPanel("member")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "member"], name="story_advocate_once"),
        ]


class StoryRecommendation(models.Model):
    """A member's kudos for a story: one per member and story."""

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="recommendations")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_recommendations"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "member"], name="story_recommended_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member} recommends {self.story}"


class StoryDailyViews(models.Model):
    """How often one segment of readers read a story on a day, counted as they read it (see
    `readership.py`): the reader's industry, region, audience and role at that moment, and
    signed-out visitors as a segment of their own.

    Industry and region are plain ids, as in the insight's rollups (a removed industry keeps
    its history), with 0 for "not given" rather than NULL: a unique constraint treats NULLs
    as all different, and the counter adds to its day's row by that constraint."""

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField()
    industry_id = models.PositiveIntegerField(default=0)
    region_id = models.PositiveIntegerField(default=0)
    audience = models.CharField(max_length=4, blank=True)
    role = models.CharField(max_length=40, blank=True)
    views = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "story's daily views"
        verbose_name_plural = "stories' daily views"
        constraints = [
            models.UniqueConstraint(
                fields=["story", "day", "industry_id", "region_id", "audience", "role"],
                name="story_views_one_row_per_segment_day",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="story_views_day")]

    def __str__(self) -> str:
        return f"{self.story_id} on {self.day}: {self.views} views"


class HighlightKind(models.TextChoices):
    AWARD = "award", "Award"
    TALK = "talk", "Talk"
    PRESS = "press", "In the press"
    MILESTONE = "milestone", "Milestone"


class MemberHighlight(models.Model):
    """A member's achievement that community managers feature on the home page."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="highlights"
    )
    kind = models.CharField(max_length=12, choices=HighlightKind.choices)
    headline = models.CharField(
        max_length=120, help_text='Short and specific: "Named Marketer of the Year 2026".'
    )
    text = models.TextField(
        max_length=280, blank=True, help_text="One or two sentences; plain text, 280 at most."
    )
    link = models.URLField(
        blank=True, help_text="Where to read more: the award, the talk's video, the article."
    )
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(
        null=True, blank=True, help_text="Leave empty to keep it until someone removes it."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    panels = [
        FieldPanel("member"),
        FieldPanel("kind"),
        FieldPanel("headline"),
        FieldPanel("text"),
        FieldPanel("link"),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
    ]

    class Meta:
        ordering = ["-starts_on", "-created_at"]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="highlight_dates")]

    def __str__(self) -> str:
        return f"{self.member}: {self.headline}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The highlight must end on or after its start."})
