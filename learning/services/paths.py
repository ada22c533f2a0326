"""Enrolling in a learning path: one click enrols the member in each of the path's open
courses, in one transaction; clicking again (or in two tabs) adds nothing."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .. import permissions
from ..models import Enrolment, LearningPath, PathStep


def enrol_in_path(*, member, path: LearningPath) -> list[Enrolment]:
    """The member's enrolments in the path's visible courses, in the path's order, made where
    missing. A path with no open course refuses."""
    permissions.ensure_can_learn(member)
    course_ids = list(
        PathStep.objects.filter(path=path, course_id__in=permissions.visible_courses().values("pk"))
        .order_by("sort_order", "pk")
        .values_list("course_id", flat=True)
    )
    if not course_ids:
        raise PermissionDenied("This path has no open course yet.")
    with transaction.atomic():
        # get_or_create per course: a parallel enrolment in one of them wins the unique
        # constraint and is read back instead of failing the whole path.
        return [
            Enrolment.objects.get_or_create(member=member, course_id=course_id)[0]
            for course_id in course_ids
        ]
