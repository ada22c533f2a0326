"""Enrolling in a course: one click, and clicking twice (or in two tabs) enrols once."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .. import permissions
from ..models import Enrolment
from ..pages import CoursePage


def enrol(*, member, course: CoursePage) -> Enrolment:
    """The member's enrolment in the course, made if need be."""
    permissions.ensure_can_learn(member)
    if not permissions.can_see_course(course):
        raise PermissionDenied("This course is not open.")
    with transaction.atomic():
        # get_or_create retries the read when a parallel insert wins the unique constraint.
        enrolment, _ = Enrolment.objects.get_or_create(member=member, course=course)
    return enrolment


def locked_enrolment(*, member, course: CoursePage, create: bool) -> Enrolment | None:
    """The member's enrolment, row-locked until the current transaction ends: what serialises
    one member's progress and quiz attempts on a course. Call inside a transaction."""
    if create:
        Enrolment.objects.get_or_create(member=member, course=course)
    return Enrolment.objects.select_for_update().filter(member=member, course=course).first()
