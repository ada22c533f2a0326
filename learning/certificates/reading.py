"""What pages, the profile, the data export and the admin read about certificates."""

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from community.core.links import absolute_url

from .. import permissions
from ..models import Certificate, Enrolment
from . import rules
from .issuing import superseded, verification_path

LINKEDIN_ADD_URL = "https://www.linkedin.com/profile/add"

STATE_LABELS = {
    rules.State.VALID: "Valid",
    rules.State.EXPIRED: "Expired",
    rules.State.REVOKED: "Revoked",
}


def by_code(code: str) -> Certificate | None:
    """The certificate a code (as typed or printed) names, or None."""
    normalised = rules.normalise_code(code)
    if normalised is None:
        return None
    return Certificate.objects.filter(code=normalised).first()


def decorate(certificate: Certificate, now: datetime) -> Certificate:
    """Give the certificate the flags templates read: `state`, `state_label`, `url`."""
    certificate.state = rules.state(certificate, now)
    certificate.state_label = STATE_LABELS[certificate.state]
    certificate.url = verification_path(certificate)
    return certificate


def linkedin_url(certificate: Certificate) -> str:
    """LinkedIn's "add a licence or certification" form, filled in."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.title,
        "organizationName": settings.WAGTAIL_SITE_NAME,
        "issueYear": certificate.issued_at.year,
        "issueMonth": certificate.issued_at.month,
        "certUrl": absolute_url(verification_path(certificate)),
        "certId": certificate.code,
    }
    if certificate.expires_at is not None:
        params["expirationYear"] = certificate.expires_at.year
        params["expirationMonth"] = certificate.expires_at.month
    return f"{LINKEDIN_ADD_URL}?{urlencode(params)}"


def verification_context(certificate: Certificate, *, viewer) -> dict[str, Any]:
    """The public page: what the certificate says and whether it stands. Only the name, what
    was certified and the dates: nothing else about the holder."""
    now = timezone.now()
    decorate(certificate, now)
    holder = permissions.can_hold(viewer, certificate)
    newer = holder and superseded(certificate)
    return {
        "certificate": certificate,
        "is_path": certificate.path_id is not None,
        "absolute_url": absolute_url(certificate.url),
        "is_holder": holder,
        "linkedin_url": linkedin_url(certificate)
        if holder and certificate.state == rules.State.VALID
        else "",
        "may_download": holder and certificate.state != rules.State.REVOKED,
        "may_recertify": holder and not newer and rules.renewable(certificate, now),
        "renewal_opens": certificate.expires_at - rules.RENEWAL_WINDOW
        if certificate.expires_at
        else None,
    }


def for_member(member) -> QuerySet[Certificate]:
    return Certificate.objects.filter(member=member).order_by("-issued_at", "-pk")


def profile_section(member, viewer) -> dict[str, Any]:
    """Certifications in force and completed courses, in two queries whatever their number.
    Revoked and superseded certificates stay off the profile (they remain in the holder's
    export); an expired one shows as expired, since that is still part of their record."""
    now = timezone.now()
    latest: dict[tuple, Certificate] = {}
    for certificate in for_member(member).filter(revoked_at__isnull=True):
        latest.setdefault((certificate.course_id, certificate.path_id), certificate)
    certificates = [decorate(c, now) for c in latest.values()]
    completed = list(
        Enrolment.objects.filter(
            member=member,
            completed_at__isnull=False,
            course__in=permissions.visible_courses().values("pk"),
        )
        .select_related("course")
        .order_by("-completed_at")
        .only("completed_at", "course__title", "course__url_path", "course__path")
    )
    return {
        "member": member,
        "certificates": certificates,
        "completed": completed,
        "is_self": viewer.is_authenticated and viewer.pk == member.pk,
        "stylesheet": "community/css/learning.css",
    }


def export_for_member(member) -> list[dict[str, Any]]:
    """Every certificate the member was issued, revoked ones included, for their data export."""
    now = timezone.now()
    return [
        {
            "code": certificate.code,
            "title": certificate.title,
            "kind": "path" if certificate.path_id else "course",
            "name_on_certificate": certificate.holder_name,
            "renewal": certificate.renewal,
            "issued_at": certificate.issued_at.isoformat(),
            "expires_at": certificate.expires_at.isoformat() if certificate.expires_at else None,
            "state": rules.state(certificate, now).value,
            "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
            "revoked_reason": certificate.revoked_reason,
            "verification_url": absolute_url(verification_path(certificate)),
        }
        for certificate in for_member(member)
    ]
