"""What the job board brings to the community health dashboard: jobs opened, applications, and
the members applying.

Jobs opened belong to the employer company's segment: its industry and region, with the
Employer role and no audience (a company has none). Not the job's own industry: it is optional,
and a job has no one region (several locations, or remote), so only the company places a posting
on the dashboard's industry × region map; not the poster's profile either, which is gone when
they leave and tells where a recruiter sits rather than who is hiring. A posting counts on the
day it went live (a repost starts it again), while it is open or closed: one awaiting approval,
a draft, or one moderators hid or removed never counts.

Applications and applicants belong to the applicant's segment, on the day they applied, and only
to postings that count. A withdrawn application still counts (the member did apply that day);
one withdrawn and deleted, or deleted after its retention period, is simply gone. Applications
made on an employer's own website are not recorded here, so they are not counted.
"""

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Value
from django.db.models.functions import TruncDate
from django.urls import reverse

from community.insight import api as insight
from community.members.models import User
from community.members.roles import Role

from .application_models import Application
from .models import JobPosting
from .permissions import PUBLIC_STATUSES

OPENED = "careers.opened"
APPLICATIONS = "careers.applications"
APPLICANTS = "careers.applicants"

# A job's and its company's descriptions: no table of the drill-down shows them.
LONG_TEXTS = (
    "description_source",
    "description_html",
    "company__description_source",
    "company__description_html",
)


def _long_texts(job: str = "") -> list[str]:
    """The descriptions not to load, for the job at the end of the path `job` ("job__")."""
    return [job + field for field in LONG_TEXTS]


#: Whom a company's postings are counted for, beside its industry and region.
HIRING_ROLE = Role.EMPLOYER.value
HIRING_AUDIENCE = ""


def _opened() -> QuerySet[JobPosting]:
    return JobPosting.objects.filter(status__in=PUBLIC_STATUSES, posted_at__isnull=False)


def _applications() -> QuerySet[Application]:
    return Application.objects.filter(job__status__in=PUBLIC_STATUSES)


def _for_companies(postings: QuerySet[JobPosting], query: insight.InsightQuery) -> QuerySet:
    """Postings of the query's period and segments, by the rule the rollup files them under."""
    postings = insight.in_period(postings, query.period, "posted_at")
    segments = query.segments
    if segments.audiences and HIRING_AUDIENCE not in segments.audiences:
        return postings.none()
    if segments.roles and HIRING_ROLE not in segments.roles:
        return postings.none()
    if segments.industries:
        postings = postings.filter(company__industry_id__in=segments.industries)
    if segments.regions:
        postings = postings.filter(company__region_id__in=segments.regions)
    return postings


def rollup(start: date, end: date):
    opened = (
        insight.between(_opened(), start, end, "posted_at")
        .values(
            day=TruncDate("posted_at"),
            seg_industry=F("company__industry_id"),
            seg_region=F("company__region_id"),
            seg_audience=Value(HIRING_AUDIENCE),
            seg_role=Value(HIRING_ROLE),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in opened:
        segment = insight.segment_from(row)
        yield insight.RollupRow(row["day"], OPENED, segment, total=row["n"], count=row["n"])
    yield from insight.daily_counts(
        _applications(),
        start,
        end,
        metric=APPLICATIONS,
        member="applicant",
        active=APPLICANTS,
    )


def _stage(application: Application) -> str:
    return "Withdrawn" if application.is_withdrawn else application.get_stage_display()


def drilldown(metric: str, query: insight.InsightQuery, viewer) -> insight.DrillDown:
    if metric == OPENED:
        return insight.DrillDown(
            "Jobs opened",
            _for_companies(_opened(), query)
            .select_related("company__industry", "company__region")
            .defer(*_long_texts())
            .order_by("-posted_at", "-pk"),
            [
                insight.Column("Job", lambda j: j.title),
                insight.Column("Company", lambda j: j.company.name),
                insight.Column("Industry", lambda j: j.company.industry or ""),
                insight.Column("Region", lambda j: j.company.region or ""),
                insight.Column("Went live", lambda j: j.posted_at),
                insight.Column("Status", lambda j: j.get_status_display()),
                insight.Column("Applications", lambda j: j.application_count),
            ],
            url=lambda j: j.get_absolute_url(),
        )
    if metric == APPLICANTS:
        applications = insight.in_period(_applications(), query.period)
        applied = Exists(applications.filter(applicant=OuterRef("pk")))
        members = insight.filter_members(User.objects.filter(applied), query.segments)
        return insight.members_list(members, "Members applying to jobs")
    return insight.DrillDown(
        "Job applications",
        insight.rows_in_query(_applications(), query, member="applicant")
        .select_related("applicant", "job__company")
        .defer("cover_letter", *_long_texts("job__"))
        .order_by("-created_at", "-pk"),
        [
            insight.Column("Applicant", lambda a: a.applicant),
            insight.Column("Job", lambda a: a.job.title),
            insight.Column("Company", lambda a: a.job.company.name),
            insight.Column("Applied", lambda a: a.created_at),
            insight.Column("Stage", _stage),
        ],
        # Where the job's employers and community managers review its applicants.
        url=lambda a: reverse("careers:job_applicants", kwargs={"pk": a.job_id}),
    )


source = insight.InsightSource(
    name="careers",
    label="Careers",
    metrics=[
        insight.Metric(
            OPENED,
            "Jobs opened",
            help_text="Postings that went live, by the employer company's industry and region.",
        ),
        insight.Metric(
            APPLICATIONS, "Job applications", help_text="Made on this site, by the applicant."
        ),
        insight.members_active(APPLICANTS, "Members applying"),
    ],
    rollup=rollup,
    drilldown=drilldown,
    order=50,
)
