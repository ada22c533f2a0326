"""Completing lessons. One LessonProgress row per member and lesson (a unique constraint), and
the enrolment's counter moves in SQL only when that row is new, under the enrolment's row
lock: two tabs completing the same lesson count it once."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from community.core.errors import Rejected
from community.notifications.services import notify

from .. import permissions
from ..certificates.issuing import course_completed
from ..models import Enrolment, LessonProgress
from ..notification_kinds import LearningKind
from ..pages import CoursePage, LessonPage
from .enrolment import locked_enrolment


class QuizRequired(Rejected):
    """The lesson ends in a quiz: passing it is what completes the lesson."""


def course_of(lesson: LessonPage) -> CoursePage:
    """The lesson's course, if both are visible; PermissionDenied otherwise."""
    course = (
        permissions.visible_courses().filter(path=lesson.course_path).first()
        if permissions.visible_lessons().filter(pk=lesson.pk).exists()
        else None
    )
    if course is None:
        raise PermissionDenied("This lesson is not open.")
    return course


def complete_lesson(*, member, lesson: LessonPage) -> bool:
    """Mark a lesson without a quiz done (enrolling on the way). True if it was not done yet."""
    permissions.ensure_can_learn(member)
    course = course_of(lesson)
    if lesson.quiz_id:
        raise QuizRequired("Pass this lesson's quiz to complete it.")
    with transaction.atomic():
        enrolment = locked_enrolment(member=member, course=course, create=True)
        return record_completion(enrolment=enrolment, lesson=lesson)


def record_completion(*, enrolment: Enrolment, lesson: LessonPage) -> bool:
    """Inside the caller's transaction, with `enrolment` locked."""
    try:
        with transaction.atomic():
            LessonProgress.objects.create(
                member_id=enrolment.member_id, lesson=lesson, course_id=enrolment.course_id
            )
    except IntegrityError:
        created = False
    else:
        created = True
    now = timezone.now()
    changes = {"last_lesson": lesson, "last_activity_at": now}
    if created:
        changes["lessons_completed"] = F("lessons_completed") + 1
    Enrolment.objects.filter(pk=enrolment.pk).update(**changes)
    if created:
        _complete_course_if_done(enrolment, now)
    return created


def _complete_course_if_done(enrolment: Enrolment, now) -> None:
    course = enrolment.course
    total = permissions.visible_lessons().child_of(course).count()
    finished = Enrolment.objects.filter(
        pk=enrolment.pk, completed_at__isnull=True, lessons_completed__gte=total
    ).update(completed_at=now)
    if finished:
        notify(
            kind=LearningKind.COURSE_COMPLETED,
            recipients=[enrolment.member_id],
            text=f"You completed the course “{course.title}”.",
            url=course.url or "",
            target=course,
        )
        course_completed(enrolment=enrolment, now=now)
