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

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.db.models.functions import TruncDate
from django.urls import reverse

from community.insight.rows import between, daily_counts, in_period, members_list
from community.insight.segments import filter_members
from community.insight.sources import (
    Aggregation,
    Column,
    DrillDown,
    InsightQuery,
    InsightSource,
    Metric,
    RollupRow,
    Segment,
    SegmentFilter,
)
from community.members.models import User
from community.members.roles import Role

from .application_models import Application
from .models import JobPosting
from .permissions import PUBLIC_STATUSES

OPENED = "careers.opened"
APPLICATIONS = "careers.applications"
APPLICANTS = "careers.applicants"

#: Whom a company's postings are counted for, beside its industry and region.
HIRING_ROLE = Role.EMPLOYER.value
HIRING_AUDIENCE = ""


def _opened() -> QuerySet[JobPosting]:
    return JobPosting.objects.filter(status__in=PUBLIC_STATUSES, posted_at__isnull=False)


def _applications() -> QuerySet[Application]:
    return Application.objects.filter(job__status__in=PUBLIC_STATUSES)


def _for_companies(postings: QuerySet[JobPosting], segments: SegmentFilter) -> QuerySet:
    """Postings of the chosen segments by the rule the rollup files them under (see above)."""
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
        between(_opened(), start, end, "posted_at")
        .values(
            day=TruncDate("posted_at"),
            seg_industry=F("company__industry_id"),
            seg_region=F("company__region_id"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in opened:
        segment = Segment(row["seg_industry"], row["seg_region"], HIRING_AUDIENCE, HIRING_ROLE)
        yield RollupRow(row["day"], OPENED, segment, total=row["n"], count=row["n"])
    yield from daily_counts(
        _applications(),
        start,
        end,
        metric=APPLICATIONS,
        member="applicant",
        active=APPLICANTS,
    )


def _stage(application: Application) -> str:
    return "Withdrawn" if application.is_withdrawn else application.get_stage_display()


def drilldown(metric: str, query: InsightQuery, viewer) -> DrillDown:
    if metric == OPENED:
        postings = _for_companies(in_period(_opened(), query.period, "posted_at"), query.segments)
        return DrillDown(
            "Jobs opened",
            postings.select_related("company__industry", "company__region")
            .defer("description_source", "description_html", "company__description_source")
            .defer("company__description_html")
            .order_by("-posted_at", "-pk"),
            [
                Column("Job", lambda j: j.title),
                Column("Company", lambda j: j.company.name),
                Column("Industry", lambda j: j.company.industry or ""),
                Column("Region", lambda j: j.company.region or ""),
                Column("Went live", lambda j: j.posted_at),
                Column("Status", lambda j: j.get_status_display()),
                Column("Applications", lambda j: j.application_count),
            ],
            url=lambda j: j.get_absolute_url(),
        )
    applications = in_period(_applications(), query.period)
    if metric == APPLICANTS:
        applied = Exists(applications.filter(applicant=OuterRef("pk")))
        members = filter_members(User.objects.filter(applied), query.segments)
        return members_list(members, "Members applying to jobs")
    return DrillDown(
        "Job applications",
        filter_members(applications, query.segments, "applicant")
        .select_related("applicant", "job__company")
        .defer(
            "cover_letter",
            "job__description_source",
            "job__description_html",
            "job__company__description_source",
            "job__company__description_html",
        )
        .order_by("-created_at", "-pk"),
        [
            Column("Applicant", lambda a: a.applicant),
            Column("Job", lambda a: a.job.title),
            Column("Company", lambda a: a.job.company.name),
            Column("Applied", lambda a: a.created_at),
            Column("Stage", _stage),
        ],
        # Where the job's employers and community managers review its applicants.
        url=lambda a: reverse("careers:job_applicants", kwargs={"pk": a.job_id}),
    )


source = InsightSource(
    name="careers",
    label="Careers",
    metrics=[
        Metric(
            OPENED,
            "Jobs opened",
            help_text="Postings that went live, by the employer company's industry and region.",
        ),
        Metric(APPLICATIONS, "Job applications", help_text="Made on this site, by the applicant."),
        Metric(APPLICANTS, "Members applying", aggregation=Aggregation.DISTINCT),
    ],
    rollup=rollup,
    drilldown=drilldown,
    order=50,
)
