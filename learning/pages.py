"""Learning pages editors arrange in Wagtail: the catalogue at /learning/, a page per course,
and the course's lessons as its child pages (in the order the page explorer shows them).

Thin on purpose: fields, panels and small properties. Enrolment, progress and grading live in
`services/`, reads in `selectors.py`, who may do what in `permissions.py`. Drafts, scheduled
publishing, revisions and the partners' review workflow are Wagtail's own.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from community.core.pages import PageContextMixin, SectionIndexPage, listing_arguments
from community.members.models import Audience

from .blocks import lesson_body_blocks

# Paths under /learning/ that belong to the learning views (learning/urls.py), so no course
# may take them as its slug.
RESERVED_SLUGS = {"mine", "c", "l", "attempts", "paths", "certificates"}


class Level(models.TextChoices):
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class LearningIndexPage(PageContextMixin, SectionIndexPage):
    """The customer success university's catalogue, at /learning/."""

    template = "learning/learning_index_page.html"
    subpage_types = ["learning.CoursePage"]

    class Meta:
        verbose_name = "learning index"

    def page_context(self, request) -> dict:
        from . import selectors

        return selectors.catalogue_context(**listing_arguments(request), base_url=self.url)


class CoursePage(PageContextMixin, Page):
    """A short course: lessons in order, grouped in modules, some ending in a quiz."""

    summary = models.TextField(max_length=400, help_text="Two or three sentences for listings.")
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.BEGINNER)
    duration_minutes = models.PositiveIntegerField(
        "estimated duration (minutes)", default=30, help_text="How long the whole course takes."
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = ClusterTaggableManager(through="learning.TaggedCourse", blank=True)
    # The products are the stories' vocabulary, so a product filters stories and courses alike.
    products = ParentalManyToManyField("stories.Product", blank=True, related_name="courses")
    industries = ParentalManyToManyField(
        "members.Industry", blank=True, related_name="+",
        help_text="Industries the course suits best. It stays open to everyone.",
    )  # fmt: skip
    regions = ParentalManyToManyField("members.Region", blank=True, related_name="+")
    audience = models.CharField(max_length=4, choices=Audience.choices, blank=True)
    prerequisites = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+",
        help_text="Courses worth taking first (a suggestion, never a lock).",
    )  # fmt: skip
    instructors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="courses_taught"
    )
    issues_certificate = models.BooleanField(
        default=True, help_text="Members who complete the course receive a certificate."
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        "certificate valid for (months)", null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="After this the member recertifies; empty for a certificate that never expires.",
    )  # fmt: skip

    # Where the course's questions are asked: a forum category, and within it the questions
    # carrying a tag (the course page lists the latest and links to ask one there).
    discussion_category = models.ForeignKey(
        "forums.ForumCategoryPage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="The forum category where members ask about this course.",
    )  # fmt: skip
    discussion_tag = models.CharField(
        max_length=90, blank=True,
        help_text="Questions with this forum tag are the course's; empty for the whole category.",
    )  # fmt: skip

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("level"), FieldPanel("duration_minutes")], heading="Effort"),
        FieldPanel("cover_image"),
        FieldPanel("instructors"),
        FieldPanel("prerequisites"),
        FieldRowPanel(
            [FieldPanel("issues_certificate"), FieldPanel("certificate_validity_months")],
            heading="Certificate",
        ),
        MultiFieldPanel(
            [
                FieldPanel("products"),
                FieldPanel("tags"),
                FieldPanel("industries"),
                FieldPanel("regions"),
                FieldPanel("audience"),
            ],
            heading="Who it is for",
        ),
        MultiFieldPanel(
            [FieldPanel("discussion_category"), FieldPanel("discussion_tag")],
            heading="Questions about the course",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    template = "learning/course_page.html"
    parent_page_types = ["learning.LearningIndexPage"]
    subpage_types = ["learning.LessonPage"]

    class Meta:
        verbose_name = "course"

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is used by the learning section."})

    def page_context(self, request) -> dict:
        from . import selectors

        return selectors.course_page_context(self, viewer=request.user)

    def route(self, request, path_components):
        # Wagtail checks only the last page of a path: a lesson left live under an unpublished
        # course (a partner's, in review) must not be reachable either.
        if path_components and not self.live:
            raise Http404("No such course.")
        return super().route(request, path_components)


class LessonPage(PageContextMixin, Page):
    """One lesson of a course. A lesson with a quiz is completed by passing it."""

    module = models.CharField(
        max_length=120, blank=True,
        help_text="The module this lesson belongs to; lessons in a row with the same module "
        "are shown together.",
    )  # fmt: skip
    duration_minutes = models.PositiveIntegerField("duration (minutes)", default=10)
    body = StreamField(lesson_body_blocks(), blank=True)
    quiz = models.ForeignKey(
        "learning.Quiz", null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons",
        help_text="Members complete this lesson by passing the quiz.",
    )  # fmt: skip

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("module"), FieldPanel("duration_minutes")]),
        FieldPanel("body"),
        FieldPanel("quiz"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("module")]

    template = "learning/lesson_page.html"
    parent_page_types = ["learning.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "lesson"

    def page_context(self, request) -> dict:
        from . import selectors

        return selectors.lesson_page_context(self, viewer=request.user)

    @property
    def course_path(self) -> str:
        return self.path[: -self.steplen]
