"""What employers do on the site: their company page, and their jobs from draft to closed.

Refusals from the services become responses in community.core.errors; a view that shows its form
again keeps its one `except errors.REFUSALS` and keeps what the member typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from community.core import errors

from . import permissions, selectors, services
from .forms import CompanyForm, LocationFormSet, PostingForm, location_rows, locations_from
from .models import Company, JobPosting, PostingStatus

LOCATIONS_PREFIX = "locations"


def _back_on_refusal(request: HttpRequest, url: str) -> None:
    """A refused button press goes back to the page it came from, with the reason; a refused
    form page is a 403 page saying why."""
    if request.method == "POST":
        errors.return_to(request, url)


@login_required
def my_jobs(request: HttpRequest) -> HttpResponse:
    """The employer's dashboard: their companies and every job, whatever its state."""
    companies = list(permissions.managed_companies(request.user).order_by("name")[:50])
    return render(
        request,
        "careers/my_jobs.html",
        {
            "companies": companies,
            "jobs": selectors.employer_postings(request.user),
            "may_create_company": permissions.can_create_company(request.user),
        },
    )


@login_required
def post_job(request: HttpRequest) -> HttpResponse:
    """ "Post a job": straight to the form of the employer's one company, or a choice."""
    companies = list(permissions.managed_companies(request.user)[:2])
    if len(companies) == 1:
        return redirect("careers:new_job", slug=companies[0].slug)
    if not companies:
        permissions.ensure_can_create_company(request.user)
        messages.info(request, "Start with your company's page; then post your first job.")
        return redirect("careers:new_company")
    return redirect("careers:mine")


# --- Company pages ----------------------------------------------------------------------------


def _company_form_page(request, form, company=None, status: int = 200) -> HttpResponse:
    return render(
        request, "careers/company_form.html", {"form": form, "company": company}, status=status
    )


@login_required
def new_company(request: HttpRequest) -> HttpResponse:
    permissions.ensure_can_create_company(request.user)
    if request.method != "POST":
        return _company_form_page(request, CompanyForm())
    form = CompanyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _company_form_page(request, form, status=422)
    try:
        company = services.create_company(member=request.user, data=form.to_data())
    except errors.REFUSALS as error:
        if errors.wants_json(request):
            raise
        form.add_error(None, str(error))
        return errors.refused_page(_company_form_page(request, form), error)
    messages.success(request, f"{company.name}'s page is up. Now post your first job.")
    return redirect(company.get_absolute_url())


@login_required
def edit_company(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company, slug=slug)
    _back_on_refusal(request, company.get_absolute_url())
    permissions.ensure_can_manage_company(request.user, company)
    if request.method != "POST":
        return _company_form_page(
            request, CompanyForm(initial=CompanyForm.initial_for(company)), company
        )
    form = CompanyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _company_form_page(request, form, company, status=422)
    try:
        company = services.update_company(company=company, member=request.user, data=form.to_data())
    except errors.REFUSALS as error:
        if errors.wants_json(request):
            raise
        form.add_error(None, str(error))
        return errors.refused_page(_company_form_page(request, form, company), error)
    messages.success(request, "Company page saved.")
    return redirect(company.get_absolute_url())


# --- Jobs -------------------------------------------------------------------------------------


def _job_form_page(request, *, form, locations, company, job=None, status=200) -> HttpResponse:
    return render(
        request,
        "careers/job_form.html",
        {"form": form, "locations": locations, "company": company, "job": job},
        status=status,
    )


def _save_job(request, *, company: Company, job: JobPosting | None) -> HttpResponse:
    """Create or update from the posted form; "submit" also sends the job out."""
    form = PostingForm(request.POST)
    locations = LocationFormSet(request.POST, prefix=LOCATIONS_PREFIX)
    page = {"form": form, "locations": locations, "company": company, "job": job}
    if not (form.is_valid() and locations.is_valid()):
        return _job_form_page(request, **page, status=422)
    data = form.to_data(locations_from(locations))
    try:
        if job is None:
            job = services.create_posting(company=company, author=request.user, data=data)
        else:
            job = services.update_posting(posting=job, editor=request.user, data=data)
        if request.POST.get("action") == "submit" and job.status == PostingStatus.DRAFT:
            job = services.submit_posting(posting=job, member=request.user)
    except errors.REFUSALS as error:
        if errors.wants_json(request):
            raise
        form.add_error(None, str(error))
        return errors.refused_page(_job_form_page(request, **page), error)
    _tell_where_it_stands(request, job)
    return redirect(job.get_absolute_url())


def _tell_where_it_stands(request: HttpRequest, job: JobPosting) -> None:
    if job.status == PostingStatus.OPEN:
        messages.success(request, "Your job is live on the board.")
    elif job.status == PostingStatus.PENDING:
        messages.info(
            request,
            "Thanks! A community manager checks a new employer's first jobs; "
            "yours goes live once approved, and you'll be notified.",
        )
    elif job.status == PostingStatus.DRAFT:
        messages.success(request, "Draft saved. Only your company's employers can see it.")
    else:
        messages.success(request, "Job saved.")


@login_required
def new_job(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company, slug=slug)
    _back_on_refusal(request, company.get_absolute_url())
    permissions.ensure_can_post_for(request.user, company)
    if request.method == "POST":
        return _save_job(request, company=company, job=None)
    initial = {"industry": company.industry_id}
    return _job_form_page(
        request,
        form=PostingForm(initial=initial),
        locations=LocationFormSet(prefix=LOCATIONS_PREFIX),
        company=company,
    )


def _editable_job(request: HttpRequest, pk: int) -> JobPosting:
    job = get_object_or_404(
        permissions.openable_postings(request.user).select_related("company"), pk=pk
    )
    _back_on_refusal(request, job.get_absolute_url())
    permissions.ensure_can_edit_posting(request.user, job)
    return job


@login_required
def edit_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _editable_job(request, pk)
    if request.method == "POST":
        return _save_job(request, company=job.company, job=job)
    return _job_form_page(
        request,
        form=PostingForm(initial=PostingForm.initial_for(job)),
        locations=LocationFormSet(initial=location_rows(job), prefix=LOCATIONS_PREFIX),
        company=job.company,
        job=job,
    )


@login_required
@require_POST
def submit_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.submit_posting(posting=_editable_job(request, pk), member=request.user)
    _tell_where_it_stands(request, job)
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def close_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.close_posting(posting=_editable_job(request, pk), member=request.user)
    messages.success(request, "The job is closed: it left the board and takes no applications.")
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def reopen_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.reopen_posting(posting=_editable_job(request, pk), member=request.user)
    if job.status == PostingStatus.OPEN:
        messages.success(request, f"The job is open again until {job.closes_on:%-d %B %Y}.")
    else:
        messages.info(request, "The job is a draft again: submit it when it's ready.")
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def repost_job(request: HttpRequest, pk: int) -> HttpResponse:
    copy = services.repost_posting(posting=_editable_job(request, pk), member=request.user)
    messages.success(
        request, "A fresh copy of the job is ready: check it, then submit it as a new job."
    )
    return redirect(reverse("careers:edit_job", args=[copy.pk]))
