"""What learning brings to the community health dashboard: enrolments, completions and who
learned (completed a lesson). Only published, public courses count."""

from datetime import date

from django.db.models import QuerySet

from community.insight.rows import daily_counts, in_period
from community.insight.segments import filter_members
from community.insight.sources import (
    Aggregation,
    Column,
    DrillDown,
    InsightQuery,
    InsightSource,
    Metric,
)

from .models import Enrolment, LessonProgress
from .permissions import visible_courses

ENROLMENTS = "learning.enrolments"
COMPLETIONS = "learning.completions"
LESSONS = "learning.lessons"
ACTIVE = "learning.active"


def _enrolments() -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(course__in=visible_courses().values("pk"))


def rollup(start: date, end: date):
    enrolments = _enrolments()
    yield from daily_counts(enrolments, start, end, metric=ENROLMENTS, when="started_at")
    completed = enrolments.filter(completed_at__isnull=False)
    yield from daily_counts(completed, start, end, metric=COMPLETIONS, when="completed_at")
    # Completing a lesson is what makes a member count as learning.
    lessons = LessonProgress.objects.filter(course__in=visible_courses().values("pk"))
    yield from daily_counts(lessons, start, end, metric=LESSONS, when="completed_at", active=ACTIVE)


def drilldown(metric: str, query: InsightQuery, viewer) -> DrillDown:
    if metric in (LESSONS, ACTIVE):
        lessons = LessonProgress.objects.filter(course__in=visible_courses().values("pk"))
        rows = filter_members(in_period(lessons, query.period, "completed_at"), query.segments)
        return DrillDown(
            "Lessons completed",
            rows.select_related("member", "lesson", "course").order_by("-completed_at", "pk"),
            [
                Column("Member", lambda p: p.member),
                Column("Lesson", lambda p: p.lesson.title),
                Column("Course", lambda p: p.course.title),
                Column("Completed", lambda p: p.completed_at),
            ],
            url=lambda p: p.lesson.url or "",
        )
    when = "completed_at" if metric == COMPLETIONS else "started_at"
    rows = filter_members(in_period(_enrolments(), query.period, when), query.segments)
    return DrillDown(
        "Course completions" if metric == COMPLETIONS else "Course enrolments",
        rows.select_related("member", "course").order_by(f"-{when}", "pk"),
        [
            Column("Member", lambda e: e.member),
            Column("Course", lambda e: e.course.title),
            Column("Enrolled", lambda e: e.started_at),
            Column("Completed", lambda e: e.completed_at),
            Column("Lessons done", lambda e: e.lessons_completed),
        ],
        url=lambda e: e.course.url or "",
    )


source = InsightSource(
    name="learning",
    label="Learning",
    metrics=[
        Metric(ENROLMENTS, "Course enrolments"),
        Metric(COMPLETIONS, "Course completions"),
        Metric(LESSONS, "Lessons completed"),
        Metric(ACTIVE, "Members learning", aggregation=Aggregation.DISTINCT),
    ],
    rollup=rollup,
    drilldown=drilldown,
    order=40,
)
