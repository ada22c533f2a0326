"""What community managers learn about each course: enrolments, completions, the average quiz
score and the lesson where members stop, overall or by segment (industry, region, B2B/B2C).

Every number is an aggregate query over the whole table (no loop of queries per course or per
member), so a page of insight costs the same few queries whatever the catalogue or the number of
learners; the community dashboard reads the same functions. A member's segment is the one on
their profile today.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import Length, Substr

from community.members.models import Audience

from .models import Enrolment, QuizAttempt
from .pages import CoursePage, LessonPage

# How a segment is read from an enrolment's or an attempt's member, and how its values are named.
SEGMENTS = {
    "industry": ("Industry", "member__profile__industry__name"),
    "region": ("Region", "member__profile__country__region__name"),
    "audience": ("B2B or B2C", "member__profile__audience"),
}
SEGMENT_CHOICES = [("", "Everyone"), *((key, label) for key, (label, _) in SEGMENTS.items())]
UNKNOWN = "Not told"
BEFORE_FIRST_LESSON = "Before the first lesson"


@dataclass
class CourseInsight:
    """One course's numbers, for everyone or for one value of a segment (`segment`)."""

    course_id: int
    course: str
    segment: str = ""
    enrolments: int = 0
    completions: int = 0
    attempts: int = 0
    average_score: float | None = None
    # Where members who have not completed stop: the first lesson they have not done, and how
    # many stopped there.
    stop_lesson: str = ""
    stopped: int = 0
    _stops: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def completion_rate(self) -> int | None:
        return round(100 * self.completions / self.enrolments) if self.enrolments else None


def _segment_value(row: dict, segment: str) -> str:
    if not segment:
        return ""
    value = row.get("segment") or ""
    if segment == "audience":
        return dict(Audience.choices).get(value, UNKNOWN)
    return value or UNKNOWN


def _grouped(queryset: QuerySet, segment: str, *keys: str) -> QuerySet:
    if segment:
        queryset = queryset.annotate(segment=_segment_expression(segment))
        return queryset.values(*keys, "segment")
    return queryset.values(*keys)


def _segment_expression(segment: str) -> F:
    return F(SEGMENTS[segment][1])


def _lessons_in_order(courses: list[CoursePage]) -> dict[int, list[LessonPage]]:
    course_by_path = {course.path: course.pk for course in courses}
    lessons = (
        LessonPage.objects.live()
        .alias(course_path=Substr("path", 1, Length("path") - LessonPage.steplen))
        .filter(course_path__in=list(course_by_path))
        .order_by("path")
        .only("pk", "title", "path")
    )
    by_course: dict[int, list[LessonPage]] = defaultdict(list)
    for lesson in lessons:
        by_course[course_by_path[lesson.course_path]].append(lesson)
    return by_course


def _next_lesson_title(lessons: list[LessonPage], last_lesson_id: int | None) -> str:
    """The lesson after the last one the member worked on: where they stopped."""
    if last_lesson_id is None:
        return lessons[0].title if lessons else BEFORE_FIRST_LESSON
    ids = [lesson.pk for lesson in lessons]
    if last_lesson_id not in ids:
        return BEFORE_FIRST_LESSON
    position = ids.index(last_lesson_id) + 1
    return lessons[position].title if position < len(lessons) else lessons[-1].title


def course_insight(
    *, segment: str = "", courses: Iterable[int] | None = None
) -> list[CourseInsight]:
    """Per published course (or the `courses` given, by id), its numbers; with a `segment`
    ("industry", "region" or "audience"), one row per course and value of that segment that
    has learners. Five queries, whatever the number of courses, members or attempts."""
    if segment and segment not in SEGMENTS:
        raise ValueError(f"Unknown segment {segment!r}.")
    course_rows = CoursePage.objects.live().order_by("title", "pk").only("pk", "title", "path")
    if courses is not None:
        course_rows = course_rows.filter(pk__in=list(courses))
    course_list = list(course_rows)
    ids = [course.pk for course in course_list]
    rows: dict[tuple[int, str], CourseInsight] = {}

    def row(course_id: int, value: str) -> CourseInsight:
        key = (course_id, value)
        if key not in rows:
            rows[key] = CourseInsight(course_id, titles[course_id], value)
        return rows[key]

    titles = {course.pk: course.title for course in course_list}
    if not segment:
        for course in course_list:
            row(course.pk, "")

    enrolments = _grouped(Enrolment.objects.filter(course_id__in=ids), segment, "course_id")
    for item in enrolments.annotate(
        n=Count("pk"), done=Count("pk", filter=Q(completed_at__isnull=False))
    ).order_by():
        current = row(item["course_id"], _segment_value(item, segment))
        current.enrolments += item["n"]
        current.completions += item["done"]

    # An attempt's course is its lesson's parent page: the lesson's path less one step.
    course_paths = {course.path: course.pk for course in course_list}
    attempts = QuizAttempt.objects.annotate(
        course_path=Substr("lesson__path", 1, Length("lesson__path") - LessonPage.steplen)
    ).filter(course_path__in=list(course_paths))
    for item in (
        _grouped(attempts, segment, "course_path")
        .annotate(n=Count("pk"), score=Avg("score"))
        .order_by()
    ):
        current = row(course_paths[item["course_path"]], _segment_value(item, segment))
        total = current.attempts + item["n"]
        previous = (current.average_score or 0) * current.attempts
        current.average_score = round((previous + item["score"] * item["n"]) / total, 1)
        current.attempts = total

    lessons = _lessons_in_order(course_list)
    stalled = Enrolment.objects.filter(course_id__in=ids, completed_at__isnull=True)
    for item in (
        _grouped(stalled, segment, "course_id", "last_lesson_id").annotate(n=Count("pk")).order_by()
    ):
        current = row(item["course_id"], _segment_value(item, segment))
        title = _next_lesson_title(lessons.get(item["course_id"], []), item["last_lesson_id"])
        current._stops[title] = current._stops.get(title, 0) + item["n"]

    for current in rows.values():
        if current._stops:
            current.stop_lesson, current.stopped = max(
                current._stops.items(), key=lambda pair: (pair[1], pair[0])
            )
    order = {course_id: position for position, course_id in enumerate(ids)}
    return sorted(rows.values(), key=lambda r: (order[r.course_id], r.segment))


CSV_HEADER = [
    "Course",
    "Segment",
    "Enrolments",
    "Completions",
    "Completion rate (%)",
    "Quiz attempts",
    "Average quiz score (%)",
    "Lesson where members stop",
    "Members stopped there",
]


def csv_rows(insight: list[CourseInsight]) -> list[list]:
    return [
        [
            row.course,
            row.segment or "Everyone",
            row.enrolments,
            row.completions,
            "" if row.completion_rate is None else row.completion_rate,
            row.attempts,
            "" if row.average_score is None else row.average_score,
            row.stop_lesson,
            row.stopped or "",
        ]
        for row in insight
    ]
