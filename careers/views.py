"""What everyone sees of the job board besides the listing (a Wagtail page, see pages.py): a
job's page, a company's page, and the sitemap of open jobs. Employers' forms and actions are in
views_employers.py."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index as sitemap_index_view
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from . import selectors, services
from .jsonld import job_posting_data, json_ld_script


@require_GET
def job(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    posting = selectors.job_for_page(pk, request.user)
    if slug != posting.slug:
        return redirect(posting.get_absolute_url(), permanent=True)
    json_ld = ""
    if posting.is_live:
        json_ld = json_ld_script(
            job_posting_data(posting, build_absolute_uri=request.build_absolute_uri)
        )
        if not posting.may_edit:
            services.record_view(posting)
    return render(
        request,
        "careers/job_detail.html",
        {
            "job": posting,
            "json_ld": json_ld,
            "more_jobs": selectors.more_from_company(posting) if posting.is_live else [],
            "apply_url": _application_form_url(posting),
        },
    )


def _application_form_url(posting) -> str:
    """The site's own application form for the job, once the applications views provide one."""
    if not posting.applies_on_site:
        return ""
    try:
        return reverse("careers:apply", args=[posting.pk])
    except NoReverseMatch:
        return ""


@require_GET
def company(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "careers/company_detail.html", selectors.company_for_page(slug, request.user)
    )


class OpenJobsSitemap(Sitemap):
    """Open jobs, newest first, for search engines (linked from robots.txt)."""

    changefreq = "daily"
    limit = 10_000

    def items(self):
        return selectors.sitemap_postings()

    def lastmod(self, posting) -> object:
        return posting.updated_at


SITEMAPS = {"jobs": OpenJobsSitemap}


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The index of the job sitemaps, one per 10,000 open jobs."""
    return sitemap_index_view(request, sitemaps=SITEMAPS, sitemap_url_name="careers:sitemap")


def sitemap(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_view(request, sitemaps=SITEMAPS, section=section)
