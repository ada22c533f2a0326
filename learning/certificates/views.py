"""Certificate pages: public verification, the holder's PDF, and starting a recertification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.views.decorators.http import require_POST

from .. import permissions
from ..models import Certificate
from . import issuing, pdf, reading


def _certificate_or_unknown(request: HttpRequest, code: str) -> Certificate | HttpResponse:
    certificate = reading.by_code(code)
    if certificate is None:
        # A page that says plainly the code names no certificate, with a 404 status.
        return render(request, "learning/certificate_unknown.html", {"code": code[:40]}, status=404)
    return certificate


def verify(request: HttpRequest, code: str) -> HttpResponse:
    found = _certificate_or_unknown(request, code)
    if isinstance(found, HttpResponse):
        return found
    context = reading.verification_context(found, viewer=request.user)
    return render(request, "learning/certificate.html", context)


@login_required
def download(request: HttpRequest, code: str) -> HttpResponse:
    found = _certificate_or_unknown(request, code)
    if isinstance(found, HttpResponse):
        return found
    permissions.ensure_can_hold(request.user, found)
    if found.revoked_at is not None:
        when = formats.date_format(found.revoked_at, "DATE_FORMAT")
        raise PermissionDenied(f"This certificate was revoked on {when}.")
    response = HttpResponse(pdf.render(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{found.code}.pdf"'
    return response


@require_POST
@login_required
def recertify(request: HttpRequest, code: str) -> HttpResponse:
    found = _certificate_or_unknown(request, code)
    if isinstance(found, HttpResponse):
        return found
    course_ids = issuing.recertify(member=request.user, certificate=found)
    messages.success(
        request,
        "Your recertification has started: complete the lessons and quizzes again to earn "
        "a renewed certificate.",
    )
    if found.path is not None:
        return redirect("learning:path", slug=found.path.slug)
    first = found.course if found.course_id in course_ids else None
    return redirect(first.url if first is not None else "learning:mine")
