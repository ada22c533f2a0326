"""Issuing certificates once, recertifying, revoking, and the "Certified" badge.

A certificate is issued when a member completes a certifying course, and when that completion
finishes every course of a learning path. (member, course or path, renewal) is unique: two
completions racing each insert the same renewal number and one of them wins; the other reads
the winner. A new renewal number is only taken once the latest certificate is expired or
within its renewal window, so the history of earlier certificates stays.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from community.core.errors import Rejected
from community.members.badge_groups import sync_badge_group
from community.members.roles import CERTIFIED_GROUP
from community.notifications.services import notify

from .. import permissions
from ..models import Certificate, Enrolment, LearningPath, LessonProgress, PathStep
from ..notification_kinds import LearningKind
from ..pages import CoursePage
from . import rules


class NotRenewable(Rejected):
    """Recertification asked for a certificate that is neither expired nor close to expiry."""


def in_force(now: datetime | None = None) -> Q:
    """Certificates that count right now: not revoked, not expired."""
    now = now or timezone.now()
    return Q(revoked_at__isnull=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def superseded(certificate: Certificate) -> bool:
    """Whether a recertification already replaced this certificate."""
    return Certificate.objects.filter(
        member_id=certificate.member_id,
        course_id=certificate.course_id,
        path_id=certificate.path_id,
        renewal__gt=certificate.renewal,
    ).exists()


def verification_path(certificate: Certificate) -> str:
    return reverse("learning:certificate", kwargs={"code": certificate.code})


def tell_holder(certificate: Certificate, kind: LearningKind, text: str) -> None:
    """Notify the certificate's holder, linking to its public verification page."""
    notify(
        kind=kind,
        recipients=[certificate.member_id],
        text=text,
        url=verification_path(certificate),
        target=certificate,
    )


def issue(
    *,
    member,
    course: CoursePage | None = None,
    path: LearningPath | None = None,
    now: datetime | None = None,
) -> tuple[Certificate | None, bool]:
    """The member's certificate for the course or path, issued if due: (certificate, created).

    Nothing is issued while the latest one is in force and not yet renewable, nor after a
    revocation (the member keeps the revoked one on record; a manager decides what follows).
    """
    if (course is None) == (path is None):
        raise ValueError("A certificate is for a course or for a path.")
    now = now or timezone.now()
    subject = {"course": course} if course is not None else {"path": path}
    latest = Certificate.objects.filter(member=member, **subject).order_by("-renewal").first()
    if latest is not None and (latest.revoked_at is not None or not rules.renewable(latest, now)):
        return latest, False
    renewal = latest.renewal + 1 if latest is not None else 1
    if course is not None:
        title, months = course.title, course.certificate_validity_months
    else:
        title, months = path.certification, path.certificate_validity_months
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                member=member,
                renewal=renewal,
                code=rules.new_code(),
                holder_name=member.get_full_name()[:80],
                title=title[:255],
                issued_at=now,
                expires_at=rules.expiry(now, months),
                **subject,
            )
    except IntegrityError:
        # Another completion issued this renewal a moment ago: that one is the certificate.
        return Certificate.objects.get(member=member, renewal=renewal, **subject), False
    tell_holder(
        certificate,
        LearningKind.CERTIFICATE_EARNED,
        f"You earned the certificate “{certificate.title}”.",
    )
    add_badge(member.pk)
    return certificate, True


def course_completed(*, enrolment: Enrolment, now: datetime | None = None) -> list[Certificate]:
    """Called inside the transaction that completed `enrolment`: the certificates it earns,
    for the course and for each learning path it finishes."""
    from ..selectors import completed_paths

    member, course = enrolment.member, enrolment.course
    issued = []
    if course.issues_certificate:
        certificate, created = issue(member=member, course=course, now=now)
        if created:
            issued.append(certificate)
    paths_with_course = PathStep.objects.filter(course=course).values("path_id")
    if not paths_with_course.exists():
        return issued
    # Two courses of one path completed at the same moment (two tabs) would each miss the
    # other's uncommitted completion; the member's row serialises them, so the later one sees
    # the earlier one committed and issues the path's certificate.
    get_user_model().objects.select_for_update().filter(pk=member.pk).values_list("pk").first()
    for path in completed_paths(member).filter(pk__in=paths_with_course):
        certificate, created = issue(member=member, path=path, now=now)
        if created:
            issued.append(certificate)
    return issued


def path_course_ids(path: LearningPath) -> list[int]:
    return list(
        PathStep.objects.filter(
            path=path, course__in=permissions.visible_courses().values("pk")
        ).values_list("course_id", flat=True)
    )


def recertify(*, member, certificate: Certificate, now: datetime | None = None) -> list[int]:
    """Start a recertification: the course (or every course of the path) is taken again from
    its first lesson, quizzes included; completing it issues the next certificate. The earlier
    certificates and quiz attempts stay on record. Returns the ids of the courses reopened."""
    permissions.ensure_can_recertify(member, certificate)
    now = now or timezone.now()
    if not rules.renewable(certificate, now):
        raise NotRenewable("This certificate can be renewed from 30 days before it expires.")
    if certificate.course_id is not None:
        course_ids = [certificate.course_id]
    elif certificate.path is not None:
        course_ids = path_course_ids(certificate.path)
    else:
        raise NotRenewable("The course of this certificate is no longer offered.")
    with transaction.atomic():
        for course_id in course_ids:
            enrolment, _ = Enrolment.objects.get_or_create(member=member, course_id=course_id)
            # The enrolment row is what every write of the member's progress locks.
            Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
            LessonProgress.objects.filter(member=member, course_id=course_id).delete()
            Enrolment.objects.filter(pk=enrolment.pk).update(
                completed_at=None,
                lessons_completed=0,
                last_lesson=None,
                last_activity_at=now,
                restarted_at=now,
            )
    return course_ids


def revoke(*, certificate: Certificate, by, reason: str, now: datetime | None = None) -> bool:
    """Revoke a certificate with the reason its holder is told. False if it already was."""
    permissions.ensure_can_revoke_certificates(by)
    reason = (reason or "").strip()
    if not reason:
        raise Rejected("Give the reason for revoking: the holder is told it.")
    now = now or timezone.now()
    with transaction.atomic():
        changed = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason=reason[:1000], revoked_by=by
        )
        if not changed:
            return False
        tell_holder(
            certificate,
            LearningKind.CERTIFICATE_REVOKED,
            f"Your certificate “{certificate.title}” was revoked: {reason[:300]}",
        )
        sync_badges([certificate.member_id], now=now)
    return True


def _badge_memberships():
    group, _ = Group.objects.get_or_create(name=CERTIFIED_GROUP)
    return group, get_user_model().groups.through.objects


def add_badge(member_id: int) -> None:
    group, memberships = _badge_memberships()
    memberships.bulk_create(
        [memberships.model(group=group, user_id=member_id)], ignore_conflicts=True
    )


def sync_badges(member_ids=None, *, now: datetime | None = None) -> None:
    """Give the "Certified" badge to exactly the members holding a certificate in force (among
    `member_ids`, or everyone): revocations and expiries take it away."""
    holders = Certificate.objects.filter(in_force(now))
    if member_ids is not None:
        holders = holders.filter(member_id__in=member_ids)
    group, _ = _badge_memberships()
    sync_badge_group(group, set(holders.values_list("member_id", flat=True)), among=member_ids)
