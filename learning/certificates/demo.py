"""Demo certificates: one for every certifying course and learning path the demo members have
completed (dated when they completed it), one of them expired and one revoked, so that each
state of the verification page can be seen. Runs after learning's own seeder, whose
enrolments it reads, and is idempotent."""

import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Max
from django.utils import timezone

from community.core.demo import Output

from ..models import Certificate, Enrolment, PathStep
from . import issuing, rules

DATA = Path(__file__).resolve().parent.parent / "demo_data" / "certificates.toml"


def seed_certificates(options: dict[str, Any], output: Output) -> None:
    plan = tomllib.loads(DATA.read_text(encoding="utf-8"))
    completed = (
        Enrolment.objects.filter(completed_at__isnull=False, course__issues_certificate=True)
        .select_related("member", "course")
        .order_by("completed_at", "pk")
    )
    if not completed.exists():
        output("Certificates: no completed courses to certify yet.")
        return
    issued = 0
    for enrolment in completed:
        certificate, created = issuing.issue(
            member=enrolment.member, course=enrolment.course, now=enrolment.completed_at
        )
        issued += created
        _date_as_completed(certificate, enrolment.completed_at, enrolment.course)
    issued += _certify_paths()
    _expire_one(completed.first(), plan["expired"])
    revoked = _revoke_one(plan)
    issuing.sync_badges()
    output(f"Certificates: {issued} issued, {revoked} revoked.")


def _date_as_completed(certificate: Certificate | None, completed_at, subject) -> None:
    """Learning's seeder completes courses today and then dates them back; a first certificate
    issued on the way takes the date of the completion it certifies."""
    if certificate is None or certificate.renewal != 1 or certificate.issued_at <= completed_at:
        return
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=completed_at,
        expires_at=rules.expiry(completed_at, subject.certificate_validity_months),
    )


def _expire_one(enrolment: Enrolment, plan: dict[str, Any]) -> None:
    """The earliest completion becomes one from long ago, whose certificate has expired."""
    if Certificate.objects.filter(expires_at__lte=timezone.now()).exists():
        return
    completed_at = timezone.now() - timedelta(days=round(plan["months_ago"] * 30.44))
    months = enrolment.course.certificate_validity_months or plan["validity_months"]
    Enrolment.objects.filter(pk=enrolment.pk).update(
        started_at=completed_at - timedelta(days=6), completed_at=completed_at
    )
    Certificate.objects.filter(member=enrolment.member, course=enrolment.course, renewal=1).update(
        issued_at=completed_at, expires_at=rules.expiry(completed_at, months)
    )


def _certify_paths() -> int:
    from ..selectors import completed_paths

    issued = 0
    members = get_user_model().objects.filter(
        enrolments__completed_at__isnull=False,
        enrolments__course__in=PathStep.objects.values("course_id"),
    )
    for member in members.distinct():
        for path in completed_paths(member):
            finished = Enrolment.objects.filter(
                member=member, course__in=PathStep.objects.filter(path=path).values("course_id")
            ).aggregate(at=Max("completed_at"))["at"]
            certificate, created = issuing.issue(member=member, path=path, now=finished)
            issued += created
            _date_as_completed(certificate, finished, path)
    return issued


def _revoke_one(plan: dict[str, Any]) -> int:
    if Certificate.objects.filter(revoked_at__isnull=False).exists():
        return 0
    manager = get_user_model().objects.filter(username=plan["revoked_by"]).first()
    # The newest course certificate of a member who holds another one keeps them certified.
    candidate = (
        Certificate.objects.filter(issuing.in_force(), course__isnull=False)
        .exclude(member=manager)
        .exclude(member__username__in=plan["revoked"]["spare"])
        .order_by("-issued_at", "-pk")
        .first()
    )
    if manager is None or candidate is None:
        return 0
    issuing.revoke(certificate=candidate, by=manager, reason=plan["revoked"]["reason"])
    return 1
