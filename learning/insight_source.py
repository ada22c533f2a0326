"""What learning brings to the community health dashboard: enrolments, completions and who
learned (completed a lesson). Only published, public courses count."""

from datetime import date

from django.db.models import QuerySet

from community.insight import api as insight

from .models import Enrolment, LessonProgress
from .permissions import visible_courses

ENROLMENTS = "learning.enrolments"
COMPLETIONS = "learning.completions"
LESSONS = "learning.lessons"
ACTIVE = "learning.active"


def _enrolments() -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(course__in=visible_courses().values("pk"))


def _lessons() -> QuerySet[LessonProgress]:
    return LessonProgress.objects.filter(course__in=visible_courses().values("pk"))


def rollup(start: date, end: date):
    enrolments = _enrolments()
    yield from insight.daily_counts(enrolments, start, end, metric=ENROLMENTS, when="started_at")
    completed = enrolments.filter(completed_at__isnull=False)
    yield from insight.daily_counts(completed, start, end, metric=COMPLETIONS, when="completed_at")
    # Completing a lesson is what makes a member count as learning.
    yield from insight.daily_counts(
        _lessons(), start, end, metric=LESSONS, when="completed_at", active=ACTIVE
    )


def drilldown(metric: str, query: insight.InsightQuery, viewer) -> insight.DrillDown:
    if metric in (LESSONS, ACTIVE):
        rows = insight.rows_in_query(_lessons(), query, "completed_at")
        return insight.DrillDown(
            "Lessons completed",
            rows.select_related("member", "lesson", "course").order_by("-completed_at", "pk"),
            [
                insight.Column("Member", lambda p: p.member),
                insight.Column("Lesson", lambda p: p.lesson.title),
                insight.Column("Course", lambda p: p.course.title),
                insight.Column("Completed", lambda p: p.completed_at),
            ],
            url=lambda p: p.lesson.url or "",
        )
    when = "completed_at" if metric == COMPLETIONS else "started_at"
    rows = insight.rows_in_query(_enrolments(), query, when)
    return insight.DrillDown(
        "Course completions" if metric == COMPLETIONS else "Course enrolments",
        rows.select_related("member", "course").order_by(f"-{when}", "pk"),
        [
            insight.Column("Member", lambda e: e.member),
            insight.Column("Course", lambda e: e.course.title),
            insight.Column("Enrolled", lambda e: e.started_at),
            insight.Column("Completed", lambda e: e.completed_at),
            insight.Column("Lessons done", lambda e: e.lessons_completed),
        ],
        url=lambda e: e.course.url or "",
    )


source = insight.InsightSource(
    name="learning",
    label="Learning",
    metrics=[
        insight.Metric(ENROLMENTS, "Course enrolments"),
        insight.Metric(COMPLETIONS, "Course completions"),
        insight.Metric(LESSONS, "Lessons completed"),
        insight.members_active(ACTIVE, "Members learning"),
    ],
    rollup=rollup,
    drilldown=drilldown,
    order=40,
)
