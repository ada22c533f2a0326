"""Who may see which course and lesson, enrol, complete lessons and take quizzes. Every rule
lives here once; services, selectors, views, search and the content descriptors ask it.

Each `ensure_*` (raises PermissionDenied with the reason, for services) has a boolean twin
`can_*` (for pages deciding what to offer) that runs the very same rule.

A course is visible once published and public. Community managers publish directly; partners
write in their own section and have no publish permission, so their course goes through the
review workflow and is seen by no one until approved. A course's segment (industries, regions,
audience) only ranks it "for you": it never hides a course from anyone.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.db.models.functions import Length, Substr

from community.core.standing import allowed, ensure_can_participate

from .pages import CoursePage, LessonPage


def visible_courses() -> QuerySet[CoursePage]:
    """Courses anyone may read: published and not behind a view restriction."""
    return CoursePage.objects.live().public()


def visible_lessons() -> QuerySet[LessonPage]:
    """Published, public lessons of visible courses (a lesson left live under an unpublished
    course is not reachable, so it is not visible either)."""
    course_path = Substr("path", 1, Length("path") - LessonPage.steplen)
    return (
        LessonPage.objects.live()
        .public()
        .alias(course_path=course_path)
        .filter(course_path__in=visible_courses().values("path"))
    )


def can_see_course(course: CoursePage) -> bool:
    return visible_courses().filter(pk=course.pk).exists()


def ensure_can_learn(member) -> None:
    """Enrol and complete lessons: any signed-in member who is not banned. A suspended member
    may keep learning (they may read; they just can't post)."""
    if not member.is_authenticated:
        raise PermissionDenied("Sign in to enrol and keep your progress.")
    if not member.is_active:
        raise PermissionDenied("Your account is not active.")
    if member.profile.is_banned:
        raise PermissionDenied("Your account is banned; you can still read and export your data.")


def can_learn(member) -> bool:
    return allowed(ensure_can_learn, member)


def ensure_can_take_quiz(member, *, enrolled: bool) -> None:
    """Submit a quiz attempt: enrolled in the course, neither banned nor suspended (an attempt
    is a graded record, so it follows the same standing rule as posting)."""
    ensure_can_participate(member)
    if not enrolled:
        raise PermissionDenied("Enrol in the course to take its quizzes.")


def can_take_quiz(member, *, enrolled: bool) -> bool:
    return allowed(ensure_can_take_quiz, member, enrolled=enrolled)


# --- Certificates -----------------------------------------------------------------------------
# Anyone, signed in or not, may verify a certificate by its code (that is what the code is
# for); only its holder downloads the PDF or recertifies; revoking is for community managers,
# through the permission the managers' group is granted.


def ensure_can_hold(member, certificate) -> None:
    """Download the PDF of a certificate, or start its recertification: its holder only."""
    if not member.is_authenticated or certificate.member_id != member.pk:
        raise PermissionDenied("Only the holder of this certificate may do that.")


def can_hold(member, certificate) -> bool:
    return allowed(ensure_can_hold, member, certificate)


def ensure_can_recertify(member, certificate) -> None:
    ensure_can_hold(member, certificate)
    ensure_can_learn(member)


def ensure_can_revoke_certificates(user) -> None:
    if not can_revoke_certificates(user):
        raise PermissionDenied("Only community managers may revoke certificates.")


def can_revoke_certificates(user) -> bool:
    return bool(user.is_authenticated and user.has_perm("learning.revoke_certificate"))


def ensure_can_see_insight(member) -> None:
    """Course insight (enrolments, scores and where learners stop, by segment): community
    managers only, since it reads every member's progress."""
    if not (member.is_authenticated and member.is_community_manager):
        raise PermissionDenied("Course insight is for community managers.")


def can_see_insight(member) -> bool:
    return allowed(ensure_can_see_insight, member)
