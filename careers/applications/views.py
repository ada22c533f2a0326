"""Applying, following one's applications, and an employer's applicants with their CVs."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community.core import errors

from .. import permissions
from ..models import JobPosting
from . import selectors, services
from .forms import ApplicationForm, StageForm


def _job_to_apply(request: HttpRequest, pk: int) -> JobPosting:
    return get_object_or_404(
        permissions.openable_postings(request.user).select_related("company"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_to_apply(request, pk)
    errors.return_to(request, job.get_absolute_url())
    if (application := selectors.application_to(request.user, job)) is not None:
        # Straight to it, as the job's page links to it.
        return redirect(f"{reverse('careers:my_applications')}#application-{application.pk}")
    permissions.ensure_can_apply(request.user, job)
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.apply(
                    job=job,
                    member=request.user,
                    cv=form.checked_cv,
                    cv_name=form.cleaned_data["cv"].name,
                    cover_letter=form.cleaned_data["cover_letter"],
                )
            except errors.REFUSALS as refusal:
                if errors.wants_json(request):
                    raise
                form.add_error(None, errors.reason_for(refusal))
                return errors.refused_page(_apply_page(request, job, form), refusal)
            return redirect(f"{reverse('careers:my_applications')}?applied={job.pk}")
        return _apply_page(request, job, form, status=422)
    return _apply_page(request, job, ApplicationForm())


def _apply_page(request, job, form, *, status: int = 200) -> HttpResponse:
    return render(
        request, "careers/applications/apply.html", {"job": job, "form": form}, status=status
    )


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = selectors.my_applications(request.user)
    applied = request.GET.get("applied", "")
    return render(
        request,
        "careers/applications/my_applications.html",
        {
            "applications": applications,
            "just_applied": next((a for a in applications if str(a.job_id) == applied), None),
            "retention_days": settings.CAREERS_APPLICATION_RETENTION_DAYS,
        },
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    errors.return_to(request, reverse("careers:my_applications"))
    if request.POST.get("delete") == "1":
        services.withdraw_and_delete(application=application, member=request.user)
    else:
        services.withdraw(application=application, member=request.user)
    return redirect("careers:my_applications")


@login_required
@require_GET
def job_applicants(request: HttpRequest, pk: int) -> HttpResponse:
    context = selectors.job_applicants(request.user, pk, stage=request.GET.get("stage", ""))
    return render(request, "careers/applications/applicants.html", context)


@login_required
@require_GET
def company_applicants(request: HttpRequest, slug: str) -> HttpResponse:
    context = selectors.company_applicants(request.user, slug, stage=request.GET.get("stage", ""))
    return render(request, "careers/applications/applicants.html", context)


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for(request.user, pk)
    back = request.POST.get("next", "")
    # Back to the list the employer came from, on this site only (a browser reads "/\host"
    # as another site's address).
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("careers:job_applicants", kwargs={"pk": application.job_id})
    errors.return_to(request, back)
    form = StageForm(request.POST)
    if not form.is_valid():
        raise services.ApplicationRejected("Choose a stage from the list.")
    services.move_to_stage(
        application=application, stage=form.cleaned_data["stage"], member=request.user
    )
    return redirect(f"{back}#application-{application.pk}")


@login_required
@require_GET
def download_cv(request: HttpRequest, pk: int) -> HttpResponse:
    """The CV as a download, to the applicant, the job's employers and community managers."""
    application = selectors.application_for(request.user, pk)
    permissions.ensure_can_read_application(request.user, application)
    try:
        handle = application.cv.open("rb")
    except OSError:
        raise Http404("This CV is no longer kept.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=application.cv_name,
        content_type="application/pdf"
        if application.cv.name.endswith(".pdf")
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
