"""Every non-trivial read of the learning app, with the flags templates need.

Query counts do not grow with the catalogue or with progress rows: a course's lesson count and
the viewer's progress are annotated in SQL, relations are prefetched per page of results.
"""

import random
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from community.core.pagination import page_links
from community.core.querysets import filter_given
from community.core.slugs import unicode_slugify
from community.members.models import Audience, Industry, Region
from community.stories.models import Product
from forums import permissions as forum_permissions
from forums.models import Topic

from . import grading, permissions
from .models import (
    Certificate,
    CourseTag,
    Enrolment,
    LearningPath,
    LessonProgress,
    PathStep,
    Question,
    QuizAttempt,
)
from .pages import CoursePage, LessonPage, Level
from .services.quizzes import attempt_token

COURSES_PER_PAGE = 12
FOR_YOU = 3

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
PROGRESS_CHOICES = [
    (NOT_STARTED, "Not started"),
    (IN_PROGRESS, "In progress"),
    (COMPLETED, "Completed"),
]
# Estimated duration buckets, in minutes (lower bound inclusive, upper bound exclusive).
DURATIONS = {
    "short": ("Under an hour", 0, 60),
    "medium": ("One to three hours", 60, 180),
    "long": ("Three hours or more", 180, None),
}


# --- Courses with the viewer's progress -------------------------------------------------------


def _lesson_count():
    lessons = (
        LessonPage.objects.live()
        .filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
        .order_by()
        .values("depth")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(lessons, output_field=IntegerField()), Value(0))


def with_progress(courses: QuerySet[CoursePage], viewer) -> QuerySet[CoursePage]:
    """Courses annotated with `lesson_count`, and for a signed-in viewer `done_count`,
    `enrolled_at` and `completed_at` (None when not enrolled)."""
    courses = courses.annotate(lesson_count=_lesson_count())
    if not viewer.is_authenticated:
        return courses.annotate(
            done_count=Value(0, output_field=IntegerField()),
            enrolled_at=Value(None, output_field=DateTimeField()),
            completed_at=Value(None, output_field=DateTimeField()),
        )
    mine = Enrolment.objects.filter(member=viewer, course=OuterRef("pk"))
    return courses.annotate(
        done_count=Coalesce(Subquery(mine.values("lessons_completed")[:1]), Value(0)),
        enrolled_at=Subquery(mine.values("started_at")[:1]),
        completed_at=Subquery(mine.values("completed_at")[:1]),
    )


def with_next_lesson(courses: QuerySet[CoursePage], viewer) -> QuerySet[CoursePage]:
    """Courses annotated with `next_lesson_slug` and `next_lesson_title`: the first open lesson
    the signed-in viewer has not completed, where a card's "Continue" goes (the course page's
    rule), in the same query as the cards."""
    if not viewer.is_authenticated:
        return courses
    # Live lessons of the (already visible) course, as the lesson count reads them: asking
    # permissions.visible_lessons() would read the view restrictions twice more per page.
    following = (
        LessonPage.objects.live()
        .filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
        .exclude(pk__in=LessonProgress.objects.filter(member=viewer).values("lesson_id"))
        .order_by("path")
    )
    return courses.annotate(
        next_lesson_slug=Subquery(following.values("slug")[:1]),
        next_lesson_title=Subquery(following.values("title")[:1]),
    )


def progress_state(course: CoursePage) -> str:
    if getattr(course, "completed_at", None):
        return COMPLETED
    if getattr(course, "enrolled_at", None):
        return IN_PROGRESS
    return NOT_STARTED


def percent(done: int, total: int) -> int:
    return min(100, (100 * done) // total) if total else 0


def decorate(courses: list[CoursePage]) -> list[CoursePage]:
    """The flags course cards read."""
    for course in courses:
        course.progress_state = progress_state(course)
        course.percent = percent(course.done_count, course.lesson_count)
        slug = getattr(course, "next_lesson_slug", None)
        # A lesson's address is its course's and its slug (Wagtail's url_path), no query.
        course.continue_url = (
            f"{course.url}{slug}/"
            if slug and course.url and course.progress_state == IN_PROGRESS
            else ""
        )
    return courses


def for_cards(courses: QuerySet[CoursePage]) -> QuerySet[CoursePage]:
    return courses.select_related("cover_image").prefetch_related("tags", "products")


# --- The catalogue ----------------------------------------------------------------------------


# The catalogue's filters, in the order its links name them.
FILTER_NAMES = ("level", "product", "tag", "duration", "industry", "region", "audience", "progress")


def _in_address(value: str | Product | CourseTag | Industry | Region | None) -> str:
    """A filter's value in a link: text as it is, a region by its code, the others by slug."""
    if value is None or isinstance(value, str):
        return value or ""
    return value.code if isinstance(value, Region) else value.slug


@dataclass
class CatalogueFilters:
    level: str = ""
    product: Product | None = None
    tag: CourseTag | None = None
    duration: str = ""
    industry: Industry | None = None
    region: Region | None = None
    audience: str = ""
    progress: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(self.values().values())

    def values(self) -> dict[str, str]:
        """Each filter as the catalogue's address names it, "" when not in use."""
        return {name: _in_address(getattr(self, name)) for name in FILTER_NAMES}

    def query(self, **changes: str) -> str:
        """ "?level=…" for the filters in use, with `changes` ("" removes one)."""
        values = self.values()
        values.update(changes)
        kept = {key: value for key, value in values.items() if value}
        return f"?{urlencode(kept)}" if kept else ""


def _choice(params, name: str, choices) -> str:
    value = params.get(name, "")
    return value if value in dict(choices) else ""


def parse_filters(params, viewer) -> CatalogueFilters:
    """Unknown values are dropped, never an error: links outlive tags and products."""
    filters = CatalogueFilters(
        level=_choice(params, "level", Level.choices),
        duration=params.get("duration", "") if params.get("duration") in DURATIONS else "",
        audience=_choice(params, "audience", Audience.choices),
    )
    if slug := params.get("product", "")[:80]:
        filters.product = Product.objects.filter(slug=slug).first()
    if slug := params.get("tag", "")[:100]:
        filters.tag = CourseTag.objects.filter(slug=slug).first()
    if slug := params.get("industry", "")[:80]:
        filters.industry = Industry.objects.filter(slug=slug).first()
    if code := params.get("region", "")[:12]:
        filters.region = Region.objects.filter(code__iexact=code).first()
    progress = _choice(params, "progress", PROGRESS_CHOICES)
    if progress and not viewer.is_authenticated:
        filters.notes.append("Sign in to filter courses by your progress.")
    elif progress:
        filters.progress = progress
    return filters


def catalogue_courses(filters: CatalogueFilters, viewer) -> QuerySet[CoursePage]:
    courses = filter_given(
        with_progress(permissions.visible_courses(), viewer),
        level=filters.level,
        products=filters.product,
        tagged_items__tag=filters.tag,
        industries=filters.industry,
        regions=filters.region,
    )
    if filters.duration:
        _label, low, high = DURATIONS[filters.duration]
        courses = courses.filter(duration_minutes__gte=low)
        if high is not None:
            courses = courses.filter(duration_minutes__lt=high)
    if filters.audience:
        courses = courses.filter(audience__in=[filters.audience, Audience.BOTH])
    if filters.progress == COMPLETED:
        courses = courses.filter(completed_at__isnull=False)
    elif filters.progress == IN_PROGRESS:
        courses = courses.filter(enrolled_at__isnull=False, completed_at__isnull=True)
    elif filters.progress == NOT_STARTED:
        courses = courses.filter(enrolled_at__isnull=True)
    return courses.order_by("title", "pk")


def courses_for_you(viewer) -> list[CoursePage]:
    """Courses suited to the member's segment that they have not completed (a shortcut: the
    segment never hides anything from the catalogue)."""
    if not viewer.is_authenticated:
        return []
    profile = viewer.profile
    suits = Q()
    if profile.industry_id:
        suits |= Q(industries=profile.industry_id)
    if profile.country_id:
        suits |= Q(regions__countries=profile.country_id)
    if not suits:
        return []
    matching = permissions.visible_courses().filter(suits).values("pk")
    courses = with_progress(permissions.visible_courses().filter(pk__in=matching), viewer)
    return decorate(
        list(for_cards(courses.filter(completed_at__isnull=True)).order_by("title")[:FOR_YOU])
    )


def catalogue_pages(courses_page: PaginatorPage, base_url: str, filters: CatalogueFilters):
    """The page links, in the shape includes/pagination.html reads."""

    def url(number: int) -> str:
        return base_url + filters.query(page=str(number) if number > 1 else "")

    return page_links(courses_page, url)


def catalogue_context(*, params, viewer, page_number: str | None, base_url: str = "") -> dict:
    filters = parse_filters(params, viewer)
    paginator = Paginator(
        for_cards(with_next_lesson(catalogue_courses(filters, viewer), viewer)), COURSES_PER_PAGE
    )
    courses_page = paginator.get_page(page_number)
    return {
        "filters": filters,
        "courses_page": courses_page,
        "courses": decorate(list(courses_page.object_list)),
        "pages": catalogue_pages(courses_page, base_url, filters),
        "for_you": [] if filters.active else courses_for_you(viewer),
        "paths": [] if filters.active else paths_with_progress(viewer),
        "choices": {
            "levels": Level.choices,
            "products": list(Product.objects.all()),
            "tags": list(CourseTag.objects.filter(tagged_courses__isnull=False).distinct()),
            "durations": [(key, label) for key, (label, _low, _high) in DURATIONS.items()],
            "industries": list(Industry.objects.all()),
            "regions": list(Region.objects.all()),
            "audiences": Audience.choices,
            "progress": PROGRESS_CHOICES,
        },
        "may_filter_progress": viewer.is_authenticated,
    }


# --- A course and its lessons -----------------------------------------------------------------


@dataclass
class OutlineModule:
    title: str
    lessons: list[LessonPage]


def outline(lessons: list[LessonPage]) -> list[OutlineModule]:
    """Lessons in order, grouped by module where consecutive lessons share one. Each lesson
    gets its `number` in the whole course, so numbering runs on across modules."""
    modules: list[OutlineModule] = []
    for number, lesson in enumerate(lessons, start=1):
        lesson.number = number
        if not modules or modules[-1].title != lesson.module:
            modules.append(OutlineModule(lesson.module, []))
        modules[-1].lessons.append(lesson)
    return modules


def course_lessons(course: CoursePage, viewer) -> list[LessonPage]:
    """The course's visible lessons in order, each with `done` for the viewer."""
    lessons = list(LessonPage.objects.live().public().child_of(course).order_by("path"))
    done = set()
    if viewer.is_authenticated:
        done = set(
            LessonProgress.objects.filter(member=viewer, course=course).values_list(
                "lesson_id", flat=True
            )
        )
    for lesson in lessons:
        lesson.done = lesson.pk in done
    return lessons


def enrolment_of(viewer, course: CoursePage) -> Enrolment | None:
    if not viewer.is_authenticated:
        return None
    return Enrolment.objects.filter(member=viewer, course=course).first()


def next_lesson(lessons: list[LessonPage]) -> LessonPage | None:
    """Where "Continue" goes: the first lesson not done."""
    return next((lesson for lesson in lessons if not lesson.done), None)


def held_certificate(viewer, **course_or_path) -> Certificate | None:
    """The latest certificate the member was issued for a course or path, unless it was revoked:
    what its page leads to once completed (one query; call it only then)."""
    latest = (
        Certificate.objects.filter(member=viewer, **course_or_path)
        .order_by("-renewal")
        .only("code", "revoked_at")
        .first()
    )
    return latest if latest is not None and latest.revoked_at is None else None


def course_certificate(viewer, course: CoursePage, enrolment: Enrolment | None):
    if enrolment is None or enrolment.completed_at is None or not course.issues_certificate:
        return None
    return held_certificate(viewer, course=course)


def course_page_context(course: CoursePage, *, viewer) -> dict[str, Any]:
    lessons = course_lessons(course, viewer)
    enrolment = enrolment_of(viewer, course)
    done = sum(lesson.done for lesson in lessons)
    return {
        "certificate": course_certificate(viewer, course, enrolment),
        "course": course,
        "modules": outline(lessons),
        "lessons": lessons,
        "enrolment": enrolment,
        "done_count": done,
        "percent": percent(done, len(lessons)),
        "continue_lesson": next_lesson(lessons) if enrolment else None,
        "instructors": list(course.instructors.select_related("profile")),
        "prerequisites": list(
            permissions.visible_courses().filter(pk__in=course.prerequisites.values("pk"))
        ),
        "may_enrol": not viewer.is_authenticated or permissions.can_learn(viewer),
        "discussion": course_discussion(course, viewer),
    }


DISCUSSION_QUESTIONS = 5


@dataclass
class CourseDiscussion:
    category: Any
    tag: str
    tag_slug: str
    questions: list[Topic]

    @property
    def ask_url(self) -> str:
        url = reverse("forums:new_topic_in", kwargs={"category": self.category.slug})
        return f"{url}?{urlencode({'tags': self.tag})}" if self.tag else url

    @property
    def all_url(self) -> str:
        url = self.category.url or ""
        return f"{url}?{urlencode({'tag': self.tag_slug})}" if self.tag_slug else url


def course_discussion(course: CoursePage, viewer) -> CourseDiscussion | None:
    """The course's place for questions, if it has one the viewer may see: its forum category
    and the latest questions there (those with the course's tag, when it names one)."""
    if not course.discussion_category_id:
        return None
    category = (
        forum_permissions.visible_categories(viewer)
        .filter(pk=course.discussion_category_id)
        .first()
    )
    if category is None:
        return None
    tag_slug = unicode_slugify(course.discussion_tag) if course.discussion_tag else ""
    topics = forum_permissions.visible_topics(viewer).filter(
        category=category, kind=Topic.Kind.QUESTION
    )
    if tag_slug:
        topics = topics.filter(tags__slug=tag_slug)
    questions = list(
        topics.defer("body_source", "body_html").order_by("-created_at", "-pk")[
            :DISCUSSION_QUESTIONS
        ]
    )
    for question in questions:
        question.category = category  # its address names the category: no query per row
    return CourseDiscussion(category, course.discussion_tag, tag_slug, questions)


@dataclass
class PresentedQuestion:
    """A question as the quiz form shows it: never with which options are right."""

    pk: int
    text: str
    several: bool
    options: list[tuple[int, str]]


def presented_questions(questions: list[Question], *, seed: str, shuffle: bool):
    """The questions and options to show, in a stable order for this attempt (shuffled per
    attempt when the quiz says so), carrying only ids and texts."""
    presented = [
        PresentedQuestion(
            q.pk, q.text, grading.allows_several(q), [(o.pk, o.text) for o in q.options.all()]
        )
        for q in questions
    ]
    if shuffle:
        order = random.Random(seed)
        order.shuffle(presented)
        for question in presented:
            order.shuffle(question.options)
    return presented


def quiz_context(
    lesson: LessonPage, viewer, *, enrolled: bool, restarted_at=None
) -> dict[str, Any]:
    """`restarted_at`: when the viewer began the course again to recertify; attempts from
    before then stay listed but neither pass the quiz nor count against its limit."""
    quiz = lesson.quiz
    if quiz is None:
        return {}
    attempts = (
        list(QuizAttempt.objects.filter(member=viewer, quiz=quiz).order_by("number"))
        if viewer.is_authenticated
        else []
    )
    used = len(attempts)
    counted = [a for a in attempts if restarted_at is None or a.submitted_at >= restarted_at]
    left = None if quiz.attempt_limit is None else max(0, quiz.attempt_limit - len(counted))
    passed = any(attempt.passed for attempt in counted)
    may_attempt = left != 0 and permissions.can_take_quiz(viewer, enrolled=enrolled)
    context: dict[str, Any] = {
        "quiz": quiz,
        "attempts": attempts,
        "attempts_left": left,
        "quiz_passed": passed,
        "may_attempt": may_attempt,
    }
    if may_attempt:
        token = attempt_token(member=viewer, quiz=quiz, number=used + 1)
        questions = list(quiz.questions.prefetch_related("options"))
        context["attempt_token"] = token
        context["questions"] = presented_questions(questions, seed=token, shuffle=quiz.shuffle)
    return context


def lesson_page_context(lesson: LessonPage, *, viewer) -> dict[str, Any]:
    course = CoursePage.objects.filter(path=lesson.course_path).first()
    lessons = course_lessons(course, viewer) if course else []
    current = next((item for item in lessons if item.pk == lesson.pk), None)
    position = lessons.index(current) if current else 0
    enrolment = enrolment_of(viewer, course) if course else None
    context = {
        "course": course,
        "lessons": lessons,
        "done": bool(current and current.done),
        "previous_lesson": lessons[position - 1] if current and position > 0 else None,
        "next_lesson": lessons[position + 1] if current and position + 1 < len(lessons) else None,
        "enrolment": enrolment,
        "may_complete": not lesson.quiz_id
        and (not viewer.is_authenticated or permissions.can_learn(viewer)),
    }
    restarted_at = enrolment.restarted_at if enrolment else None
    context.update(
        quiz_context(lesson, viewer, enrolled=enrolment is not None, restarted_at=restarted_at)
    )
    return context


# --- After an attempt, and the member's own learning -------------------------------------------


@dataclass
class AnswerFeedback:
    question: Question
    correct: bool
    options: list[dict[str, Any]]


def attempt_feedback(attempt: QuizAttempt) -> list[AnswerFeedback]:
    """Per question: whether it was right, and per option whether it was chosen, right, and
    its feedback. Only ever shown for a submitted attempt, to its member."""
    questions = list(attempt.quiz.questions.prefetch_related("options"))
    chosen = {int(pk): frozenset(ids) for pk, ids in attempt.answers.items()}
    feedback = []
    for question in questions:
        picked = chosen.get(question.pk, frozenset())
        feedback.append(
            AnswerFeedback(
                question=question,
                correct=grading.is_right(question, picked),
                options=[
                    {
                        "text": option.text,
                        "chosen": option.pk in picked,
                        "right": option.is_correct,
                        "feedback": option.feedback,
                    }
                    for option in question.options.all()
                ],
            )
        )
    return feedback


def my_learning(viewer) -> dict[str, Any]:
    """The member's courses, most recently worked on first, and the paths."""
    mine = Enrolment.objects.filter(member=viewer, course=OuterRef("pk"))
    courses = (
        with_progress(permissions.visible_courses().filter(enrolments__member=viewer), viewer)
        .annotate(last_active=Subquery(mine.values("last_activity_at")[:1]))
        .order_by("-last_active", "pk")
    )
    courses = decorate(list(for_cards(with_next_lesson(courses, viewer))))
    return {
        "in_progress": [course for course in courses if course.progress_state == IN_PROGRESS],
        "completed": [course for course in courses if course.progress_state == COMPLETED],
        "paths": paths_with_progress(viewer, started_only=True),
    }


def export_for_member(member) -> dict[str, Any]:
    """What learning holds about the member, for their data export."""
    return {
        "enrolments": [
            {
                "course": title,
                "started_at": started.isoformat(),
                "completed_at": completed.isoformat() if completed else None,
                "lessons_completed": done,
            }
            for title, started, completed, done in Enrolment.objects.filter(member=member)
            .order_by("started_at")
            .values_list("course__title", "started_at", "completed_at", "lessons_completed")
        ],
        "lessons_completed": [
            {"lesson": title, "completed_at": at.isoformat()}
            for title, at in LessonProgress.objects.filter(member=member)
            .order_by("completed_at")
            .values_list("lesson__title", "completed_at")
        ],
        "quiz_attempts": [
            {
                "quiz": title,
                "number": number,
                "score": score,
                "passed": passed,
                "answers": answers,
                "submitted_at": at.isoformat(),
            }
            for title, number, score, passed, answers, at in QuizAttempt.objects.filter(
                member=member
            )
            .order_by("submitted_at")
            .values_list("quiz__title", "number", "score", "passed", "answers", "submitted_at")
        ],
    }


# --- Learning paths ---------------------------------------------------------------------------
#
# A path is an ordered list of courses that ends in a certification. Its progress is derived
# from the member's enrolments (a path holds no rows of its own per member): enrolling in a path
# enrols in each of its courses, and a path is completed when every course still open in it is.
# Only visible courses count, so unpublishing a course neither blocks nor fakes a completion.


def _visible_steps(path_id=None) -> QuerySet[PathStep]:
    steps = PathStep.objects.filter(course_id__in=permissions.visible_courses().values("pk"))
    return steps if path_id is None else steps.filter(path_id=path_id)


def _completed_enrolments(member) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(member=member, completed_at__isnull=False)


def completed_paths(member) -> QuerySet[LearningPath]:
    """The paths whose every visible course the member has completed, as one query (for
    certification, profiles and insight alike). Empty for a signed-out viewer."""
    if not member.is_authenticated:
        return LearningPath.objects.none()
    count = Count("pk")
    total = _visible_steps().filter(path=OuterRef("pk")).order_by().values("path")
    done = total.filter(course_id__in=_completed_enrolments(member).values("course_id"))
    return (
        LearningPath.objects.annotate(
            total_courses=Subquery(total.annotate(n=count).values("n"), IntegerField()),
            done_courses=Subquery(done.annotate(n=count).values("n"), IntegerField()),
        )
        .filter(total_courses__gt=0, done_courses=F("total_courses"))
        .order_by("title")
    )


def path_completed(member, path: LearningPath) -> bool:
    """Whether the member has completed every visible course of the path (one query).

    This is the rule a path's certification is issued on: call it when a member completes a
    course (`Enrolment.completed_at` set) to know whether the paths holding that course are
    done too; `completed_paths(member)` gives them all at once."""
    return completed_paths(member).filter(pk=path.pk).exists()


def path_courses(path: LearningPath, viewer) -> list[CoursePage]:
    """The path's visible courses in the path's order, each with the viewer's progress
    (`progress_state`, `percent`, `done_count`, `lesson_count`) and `position` from 1."""
    order = PathStep.objects.filter(path=path, course=OuterRef("pk")).values("sort_order")[:1]
    courses = with_progress(
        permissions.visible_courses().filter(pk__in=_visible_steps(path.pk).values("course_id")),
        viewer,
    ).annotate(step_order=Subquery(order))
    courses = decorate(list(for_cards(courses).order_by("step_order", "pk")))
    for position, course in enumerate(courses, start=1):
        course.position = position
    return courses


def _path_summary(path: LearningPath, courses: list[CoursePage]) -> LearningPath:
    path.courses = courses
    path.done = sum(course.progress_state == COMPLETED for course in courses)
    path.started = any(course.progress_state != NOT_STARTED for course in courses)
    path.completed = bool(courses) and path.done == len(courses)
    path.percent = percent(path.done, len(courses))
    path.next_course = next((c for c in courses if c.progress_state != COMPLETED), None)
    return path


def path_page_context(path: LearningPath, *, viewer) -> dict[str, Any]:
    courses = path_courses(path, viewer)
    path = _path_summary(path, courses)
    enrolled_in_all = all(course.progress_state != NOT_STARTED for course in courses)
    return {
        "path": path,
        "certificate": held_certificate(viewer, path=path) if path.completed else None,
        "courses": courses,
        "minutes": sum(course.duration_minutes for course in courses),
        "may_enrol": bool(courses)
        and not enrolled_in_all
        and (not viewer.is_authenticated or permissions.can_learn(viewer)),
    }


def paths_with_progress(viewer, *, started_only: bool = False) -> list[LearningPath]:
    """Every path with its visible courses in order and the viewer's progress on it, in a fixed
    number of queries whatever the number of paths, courses or progress rows.
    `started_only` keeps the paths the viewer has begun (enrolled in one of their courses)."""
    steps = list(
        _visible_steps().select_related("path").order_by("path__title", "path_id", "sort_order")
    )
    courses = {
        course.pk: course
        for course in decorate(
            list(
                with_progress(
                    permissions.visible_courses().filter(pk__in={step.course_id for step in steps}),
                    viewer,
                )
            )
        )
    }
    by_path: dict[int, list[CoursePage]] = {}
    found: dict[int, LearningPath] = {}
    for step in steps:
        if step.course_id in courses:  # unless unpublished between the two reads
            found.setdefault(step.path_id, step.path)
            by_path.setdefault(step.path_id, []).append(courses[step.course_id])
    paths = []
    for path in found.values():
        path = _path_summary(path, by_path[path.pk])
        if path.started or not started_only:
            paths.append(path)
    return paths
