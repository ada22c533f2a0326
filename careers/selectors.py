"""Every non-trivial read of the job board, shaped for its pages: the querysets carry what the
templates show, so a page costs the same few queries with one job or fifty thousand."""

from collections.abc import Iterable

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from community.core.pagination import page_links
from community.core.slugs import unicode_slugify
from community.members.models import Country, Industry, Profile, Region

from . import permissions
from .application_models import OpenToWork
from .applications.selectors import application_to, applied_job_ids
from .display import place_summary, salary_text
from .filters import POSTED_WITHIN, JobFilters
from .models import (
    Company,
    EmploymentType,
    JobLocation,
    JobPosting,
    JobSkill,
    PostingStatus,
    Seniority,
    TaggedJob,
)

JOBS_PER_PAGE = 20
COMPANY_JOBS_SHOWN = 50
# Skills shown on a card; the job's page shows them all.
CARD_SKILLS = 4
# "For you" shortcuts to skills named in the member's open-to-work roles.
FOR_YOU_SKILLS = 3
# A skill is named in at most this many words ("Marketing automation", "Customer data platform").
SKILL_WORDS = 3


# A card never shows the description: listings leave it in the database.
LONG_TEXT = ("description_source", "description_html")


def for_cards(postings: QuerySet[JobPosting]) -> QuerySet[JobPosting]:
    """What a job card shows: company, place, pay and skills, in a fixed number of queries."""
    return postings.select_related("company", "industry").prefetch_related(
        Prefetch("locations", queryset=JobLocation.objects.select_related("country")),
        "remote_countries",
        "skills",
    )


def for_matching(postings: QuerySet[JobPosting]) -> QuerySet[JobPosting]:
    """What `JobFilters.matches` reads, loaded for a batch of postings."""
    return postings.select_related("company").prefetch_related(
        Prefetch("locations", queryset=JobLocation.objects.select_related("country")),
        "remote_countries",
        "skills",
    )


def decorate(postings: Iterable[JobPosting]) -> list[JobPosting]:
    """Each posting with `place_text`, `salary_text` and `card_skills`, computed once."""
    shown = []
    for posting in postings:
        locations = list(posting.locations.all())
        posting.location_list = locations
        posting.remote_list = list(posting.remote_countries.all())
        posting.place_text = place_summary(posting, locations, posting.remote_list)
        posting.salary_text = salary_text(posting)
        skills = list(posting.skills.all())
        posting.skill_list = skills
        posting.card_skills = skills[:CARD_SKILLS]
        shown.append(posting)
    return shown


def listing_pages(jobs_page: PaginatorPage, base_url: str, filters: JobFilters) -> dict:
    """The page links, in the shape includes/pagination.html reads."""

    def url(number: int) -> str:
        return base_url + filters.query(page=str(number) if number > 1 else "")

    return page_links(jobs_page, url)


def for_you(viewer, filters: JobFilters) -> list[dict]:
    """Shortcuts built from the member's segment (industry, country and region), what they do
    (their job title) and the skills their open-to-work roles name, each a link to the board
    with those filters."""
    if not viewer.is_authenticated or filters.active:
        return []
    # The roles of their open-to-work card come with the profile, in the same query.
    roles = OpenToWork.objects.filter(member=OuterRef("user")).values("roles")[:1]
    profile = (
        Profile.objects.select_related("industry", "country__region")
        .annotate(open_to_roles=Subquery(roles))
        .filter(user=viewer)
        .first()
    )
    if profile is None:
        return []
    shortcuts = []
    industry = profile.industry
    country = profile.country
    if industry is not None:
        shortcuts.append(
            {"label": f"{industry.name} jobs", "query": JobFilters(industry=industry).query()}
        )
    if country is not None:
        shortcuts.append(
            {"label": f"Jobs in {country.name}", "query": JobFilters(country=country).query()}
        )
        shortcuts.append(
            {
                "label": f"Remote, open to {country.name}",
                "query": JobFilters(country=country, remote=True).query(),
            }
        )
        region = country.region
        shortcuts.append(
            {"label": f"Jobs in {region.name}", "query": JobFilters(region=region).query()}
        )
    if profile.job_title:
        shortcuts.append(
            {
                "label": f"Roles like “{profile.job_title}”",
                "query": JobFilters(keywords=profile.job_title).query(),
            }
        )
    for skill in _skills_named_in(profile.open_to_roles or ""):
        shortcuts.append(
            {"label": f"Jobs asking for {skill.name}", "query": JobFilters(skill=skill).query()}
        )
    return shortcuts


def _skills_named_in(text: str) -> list[JobSkill]:
    """The skills open jobs ask for that the text names as whole words ("Marketing automation
    specialist, SQL" names "Marketing automation" and "SQL", not "Go"), longest first."""
    words = unicode_slugify(text).split("-")
    slugs = {
        "-".join(words[start : start + length])
        for length in range(1, SKILL_WORDS + 1)
        for start in range(len(words) - length + 1)
    } - {""}
    if not slugs:
        return []
    asked = TaggedJob.objects.filter(
        tag=OuterRef("pk"), content_object__in=permissions.listed_postings()
    )
    skills = JobSkill.objects.filter(slug__in=slugs).filter(Exists(asked))
    return sorted(skills, key=lambda skill: (-len(skill.slug), skill.name))[:FOR_YOU_SKILLS]


def board_context(*, params, viewer, page_number: str | None, base_url: str) -> dict:
    """The job board: open jobs, newest first, with the filters in use."""
    filters = JobFilters.from_querydict(params)
    postings = filters.apply(permissions.listed_postings(), viewer=viewer)
    paginator = Paginator(
        for_cards(postings.defer(*LONG_TEXT).order_by("-posted_at", "-id")), JOBS_PER_PAGE
    )
    jobs_page = paginator.get_page(page_number)
    jobs = decorate(jobs_page.object_list)
    applied = applied_job_ids(viewer, [job.pk for job in jobs])
    for job in jobs:
        job.applied = job.pk in applied
    return {
        "filters": filters,
        "jobs_page": jobs_page,
        "jobs": jobs,
        "pages": listing_pages(jobs_page, base_url, filters),
        "for_you": for_you(viewer, filters),
        "may_post": permissions.is_employer(viewer),
        "choices": {
            "countries": list(Country.objects.only("code", "name")),
            "regions": list(Region.objects.all()),
            "industries": list(Industry.objects.all()),
            "types": EmploymentType.choices,
            "seniorities": Seniority.choices,
            "posted": list(POSTED_WITHIN.items()),
        },
    }


# --- One job ----------------------------------------------------------------------------------


def job_for_page(pk: int, viewer) -> JobPosting:
    """The job with everything its page and JSON-LD show, if the viewer may open it."""
    try:
        posting = (
            for_cards(permissions.openable_postings(viewer))
            .select_related("company__industry", "company__region", "posted_by", "approved_by")
            .get(pk=pk)
        )
    except JobPosting.DoesNotExist:
        raise Http404("No such job.") from None
    decorate([posting])
    posting.may_edit = permissions.can_edit_posting(viewer, posting)
    posting.my_application = application_to(viewer, posting)
    return posting


def more_from_company(posting: JobPosting, *, limit: int = 3) -> list[JobPosting]:
    return decorate(
        for_cards(
            permissions.listed_postings()
            .defer(*LONG_TEXT)
            .filter(company_id=posting.company_id)
            .exclude(pk=posting.pk)
            .order_by("-posted_at", "-id")
        )[:limit]
    )


# --- Companies --------------------------------------------------------------------------------


def company_for_page(slug: str, viewer) -> dict:
    try:
        company = Company.objects.select_related("industry", "region").get(slug=slug)
    except Company.DoesNotExist:
        raise Http404("No such company.") from None
    may_manage = permissions.can_manage_company(viewer, company)
    open_jobs = decorate(
        for_cards(
            permissions.listed_postings()
            .defer(*LONG_TEXT)
            .filter(company=company)
            .order_by("-posted_at", "-id")
        )[:COMPANY_JOBS_SHOWN]
    )
    return {
        "company": company,
        "jobs": open_jobs,
        "may_manage": may_manage,
        "own_jobs": employer_postings(viewer, company=company) if may_manage else [],
    }


def employer_postings(viewer, *, company: Company | None = None) -> list[JobPosting]:
    """Every posting of the companies the member posts for, whatever its state (moderators'
    removals excepted), newest first: the employer's dashboard."""
    companies = permissions.managed_companies(viewer)
    postings = JobPosting.objects.filter(company__in=companies).exclude(
        status=PostingStatus.REMOVED
    )
    if company is not None:
        postings = postings.filter(company=company)
    return decorate(for_cards(postings.defer(*LONG_TEXT).order_by("-created_at", "-id"))[:200])


def sitemap_postings() -> QuerySet[JobPosting]:
    """Open jobs for search engines: address and date only."""
    return (
        permissions.listed_postings()
        .only("pk", "slug", "updated_at", "posted_at")
        .order_by("-posted_at", "-id")
    )
