"""Learning's plain models beside its Wagtail pages: tags, quizzes, enrolments, progress,
quiz attempts, learning paths and certificates. The page models live in `pages.py`.

Quizzes are kept apart from the lesson's body on purpose: the body is rendered into the page,
and a quiz's right answers must never reach the browser before an attempt is submitted.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TagBase, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

# Wagtail finds page models through the models module.
from .pages import *  # noqa: F403
from .pages import CoursePage, LessonPage


class CourseTag(TagBase):
    """Tags of courses: their own vocabulary, apart from forum, story and event tags."""

    class Meta:
        verbose_name = "course tag"
        verbose_name_plural = "course tags"


class TaggedCourse(TaggedItemBase):
    tag = models.ForeignKey(CourseTag, on_delete=models.CASCADE, related_name="tagged_courses")
    content_object = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="tagged_items")


# --- Quizzes ----------------------------------------------------------------------------------


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    TRUE_FALSE = "true_false", "True or false"


class Quiz(ClusterableModel):
    """Questions a lesson ends with; passing them completes the lesson."""

    title = models.CharField(max_length=160)
    passing_score = models.PositiveSmallIntegerField(
        default=70, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="The share of questions to answer right, in percent.",
    )  # fmt: skip
    attempt_limit = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)],
        help_text="How many times a member may try; empty for no limit.",
    )  # fmt: skip
    shuffle = models.BooleanField(
        default=False, help_text="Show the questions and their options in a new order each time."
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel(
            [FieldPanel("passing_score"), FieldPanel("attempt_limit"), FieldPanel("shuffle")]
        ),
        # Options are edited on each question's own screen: inline panels do not nest.
        InlinePanel(
            "questions",
            heading="Questions",
            label="Question",
            panels=[FieldPanel("text"), FieldPanel("kind"), FieldPanel("explanation")],
        ),
    ]

    class Meta:
        verbose_name_plural = "quizzes"

    def __str__(self) -> str:
        return self.title


class Question(ClusterableModel, Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(max_length=1000)
    kind = models.CharField(
        max_length=12, choices=QuestionKind.choices, default=QuestionKind.SINGLE
    )
    explanation = models.TextField(
        max_length=1000, blank=True, help_text="Shown with the result, after submitting."
    )

    panels = [
        FieldPanel("quiz"),
        FieldPanel("text"),
        FieldPanel("kind"),
        FieldPanel("explanation"),
        InlinePanel("options", heading="Options", label="Option"),
    ]

    class Meta(Orderable.Meta):
        pass

    def __str__(self) -> str:
        return self.text[:80]


class Option(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)
    feedback = models.CharField(
        max_length=300, blank=True, help_text="Why this answer is right or wrong, after submitting."
    )

    class Meta(Orderable.Meta):
        pass

    def __str__(self) -> str:
        return self.text


# --- Members' learning ------------------------------------------------------------------------


class Enrolment(models.Model):
    """A member taking a course. `lessons_completed` is kept in SQL by the progress service;
    the row is also what attempts on the course's quizzes lock, one submission at a time."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    lessons_completed = models.PositiveIntegerField(default=0)
    last_lesson = models.ForeignKey(
        LessonPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_activity_at = models.DateTimeField(auto_now_add=True)
    # Set when the member takes the course again to recertify: quiz attempts from before no
    # longer count against a quiz's attempt limit (they stay on record).
    restarted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "course"], name="enrolment_once_per_course")
        ]
        indexes = [
            models.Index(fields=["member", "-last_activity_at"], name="enrolment_member_recent"),
            models.Index(fields=["course", "completed_at"], name="enrolment_course_completed"),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.course}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class LessonProgress(models.Model):
    """A lesson a member completed; one row per member and lesson, whatever the tabs do."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="progress")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "lesson progress"
        constraints = [
            models.UniqueConstraint(fields=["member", "lesson"], name="lesson_completed_once")
        ]
        indexes = [models.Index(fields=["member", "course"], name="progress_member_course")]

    def __str__(self) -> str:
        return f"{self.member} completed {self.lesson}"


class QuizAttempt(models.Model):
    """One submitted attempt, graded on the server. `number` counts from 1 per member and quiz;
    a replayed or raced submission of the same number breaks the unique constraint."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    lesson = models.ForeignKey(
        LessonPage, null=True, on_delete=models.SET_NULL, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField(help_text="Percent of questions answered right.")
    passed = models.BooleanField()
    # {question id (str): [option ids chosen]}, as submitted and checked.
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "quiz", "number"], name="quiz_attempt_number_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.quiz} #{self.number}"


# --- Learning paths ---------------------------------------------------------------------------


class LearningPath(ClusterableModel):
    """Courses in order that end in a certification."""

    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=80, unique=True, allow_unicode=True)
    summary = models.TextField(max_length=600, blank=True)
    certification = models.CharField(
        max_length=160, help_text="The certification the path ends in, e.g. “Certified Admin”."
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        "certification valid for (months)", null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="After this the member recertifies; empty for a certification that never expires.",
    )  # fmt: skip

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("certification"), FieldPanel("certificate_validity_months")]),
        InlinePanel("steps", heading="Courses, in order", label="Course", min_num=1),
    ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:path", args=[self.slug])


class PathStep(Orderable):
    path = ParentalKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("course")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["path", "course"], name="path_course_once")]


# --- Certificates -----------------------------------------------------------------------------


class Certificate(models.Model):
    """A certificate a member earned by completing a course or a learning path.

    The holder's name and what was certified are copied when it is issued: a certificate says
    what it said that day, even if the member renames themselves or the course is retitled or
    deleted. Each recertification is a new row with the next `renewal` number, so the history
    stays; (member, course or path, renewal) is unique, which is what makes two completions at
    the same moment issue one certificate.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(
        CoursePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    path = models.ForeignKey(
        LearningPath, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    renewal = models.PositiveSmallIntegerField(
        default=1, help_text="1 for the first certificate, 2 for the first recertification..."
    )
    # Unguessable and case-insensitive: the public verification address is built from it.
    code = models.CharField(max_length=24, unique=True, editable=False)
    holder_name = models.CharField(max_length=80)
    title = models.CharField(max_length=255, help_text="The course or certification, as issued.")
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(max_length=1000, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Claimed (UPDATE ... WHERE expiry_notice_sent_at IS NULL) before the member is told.
    expiry_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-issued_at"]
        permissions = [("revoke_certificate", "Can revoke certificates")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(course__isnull=False, path__isnull=False),
                name="certificate_course_or_path",
            ),
            models.UniqueConstraint(
                fields=["member", "course", "renewal"],
                condition=models.Q(course__isnull=False),
                name="certificate_once_per_course_renewal",
            ),
            models.UniqueConstraint(
                fields=["member", "path", "renewal"],
                condition=models.Q(path__isnull=False),
                name="certificate_once_per_path_renewal",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "-issued_at"], name="certificate_member_recent"),
            models.Index(
                fields=["expires_at"],
                condition=models.Q(expiry_notice_sent_at__isnull=True, revoked_at__isnull=True),
                name="certificate_notice_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.holder_name}, {self.code})"
