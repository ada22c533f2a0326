"""Reads for applications: the applicant's own list, an employer's applicants with each
candidate's community record, and what the data export holds. Each page costs a fixed number
of queries, however many applications it shows."""

import base64
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from community.members.models import User
from community.members.profile_sections import facts_for

from .. import permissions
from ..application_models import Application, Stage, StageChange
from ..cv_storage import cv_storage
from ..models import Company

APPLICANTS_SHOWN = 200


@dataclass
class StageStep:
    value: str
    label: str
    reached: bool
    current: bool


def stage_steps(application: Application) -> list[StageStep]:
    """The path an application walks, for the applicant's progress line: "not selected" is
    shown instead of the steps it did not reach."""
    path = [Stage.NEW, Stage.REVIEWING, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED]
    if application.stage == Stage.REJECTED:
        reached = {change.stage for change in application.stage_changes.all()}
        path = [stage for stage in path if stage in reached] + [Stage.REJECTED]
    index = path.index(Stage(application.stage))
    return [
        StageStep(stage.value, stage.label, reached=i <= index, current=i == index)
        for i, stage in enumerate(path)
    ]


def my_applications(member: User) -> list[Application]:
    """The member's applications, newest first, with their job, company and stage history."""
    applications = list(
        Application.objects.filter(applicant=member)
        .select_related("job__company")
        .prefetch_related(
            Prefetch("stage_changes", queryset=StageChange.objects.order_by("changed_at", "id"))
        )
        .defer("cover_letter")
    )
    for application in applications:
        application.steps = stage_steps(application)
    return applications


def application_to(member, job) -> Application | None:
    """The member's application to the job, withdrawn or not, for the job's page to say so (no
    query for a visitor who is not signed in)."""
    if not member.is_authenticated:
        return None
    return (
        Application.objects.filter(applicant=member, job=job)
        .only("pk", "job_id", "applicant_id", "stage", "withdrawn_at", "created_at")
        .first()
    )


def applied_job_ids(member, job_ids: list[int]) -> set[int]:
    """Which of these jobs the member applied to, in one query (none without jobs or a member)."""
    if not member.is_authenticated or not job_ids:
        return set()
    return set(
        Application.objects.filter(applicant=member, job_id__in=job_ids).values_list(
            "job_id", flat=True
        )
    )


def application_for(viewer, pk: int) -> Application:
    """One application the viewer may read (404 for anyone else, so ids reveal nothing)."""
    return get_object_or_404(
        permissions.visible_applications(viewer).select_related("job__company", "applicant"),
        pk=pk,
    )


@dataclass
class Candidate:
    """An application as the employer's list shows it, with the applicant's community record."""

    application: Application
    reputation: int = 0
    facts: list[tuple[str, int]] = field(default_factory=list)


def _with_candidates(applications: QuerySet[Application]) -> list[Candidate]:
    rows = list(
        applications.select_related("applicant__profile", "job__company")
        .prefetch_related(
            Prefetch("stage_changes", queryset=StageChange.objects.order_by("changed_at", "id"))
        )
        .order_by("-created_at", "-id")[:APPLICANTS_SHOWN]
    )
    facts = facts_for({row.applicant_id for row in rows})
    candidates = []
    for row in rows:
        profile = getattr(row.applicant, "profile", None)
        candidates.append(
            Candidate(
                application=row,
                reputation=profile.reputation if profile else 0,
                facts=facts.get(row.applicant_id, []),
            )
        )
    return candidates


def _stage_filter(applications: QuerySet[Application], stage: str) -> QuerySet[Application]:
    if stage == "withdrawn":
        return applications.filter(withdrawn_at__isnull=False)
    if stage in Stage.values:
        return applications.filter(stage=stage, withdrawn_at__isnull=True)
    return applications


def stage_counts(applications: QuerySet[Application]) -> list[dict]:
    """Each stage with how many applications are at it, and the withdrawn ones apart."""
    counts = dict(
        applications.filter(withdrawn_at__isnull=True)
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    withdrawn = applications.filter(withdrawn_at__isnull=False).count()
    return [
        *(
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in Stage.choices
        ),
        {"value": "withdrawn", "label": "Withdrawn", "count": withdrawn},
    ]


def job_applicants(viewer, job_pk: int, *, stage: str = "") -> dict:
    """A job's applicants for its employers and community managers (403 for anyone else)."""
    job = get_object_or_404(
        permissions.openable_postings(viewer).select_related("company"), pk=job_pk
    )
    permissions.ensure_can_review_applications(viewer, job.company)
    applications = Application.objects.filter(job=job)
    return {
        "job": job,
        "company": job.company,
        "candidates": _with_candidates(_stage_filter(applications, stage)),
        "stages": stage_counts(applications),
        "stage": stage,
        "stage_choices": Stage.choices,
    }


def company_applicants(viewer, slug: str, *, stage: str = "") -> dict:
    """Every applicant to a company's jobs, newest first (its employers and managers only)."""
    company = get_object_or_404(Company, slug=slug)
    permissions.ensure_can_review_applications(viewer, company)
    applications = Application.objects.filter(job__company=company)
    return {
        "company": company,
        "candidates": _with_candidates(_stage_filter(applications, stage)),
        "stages": stage_counts(applications),
        "stage": stage,
        "stage_choices": Stage.choices,
        "per_company": True,
    }


def export_for_member(member: User) -> list[dict]:
    """The member's applications for their data export, each with its CV (in base64)."""
    applications = (
        Application.objects.filter(applicant=member)
        .select_related("job__company")
        .prefetch_related(
            Prefetch("stage_changes", queryset=StageChange.objects.order_by("changed_at", "id"))
        )
    )
    return [
        {
            "job": application.job.title,
            "company": application.job.company.name,
            "job_url": application.job.get_absolute_url(),
            "applied_at": application.created_at.isoformat(),
            "stage": application.get_stage_display(),
            "withdrawn_at": application.withdrawn_at.isoformat()
            if application.withdrawn_at
            else None,
            "cover_letter": application.cover_letter,
            "cv": _cv_for_export(application),
            "history": [
                {"stage": change.get_stage_display(), "at": change.changed_at.isoformat()}
                for change in application.stage_changes.all()
            ],
        }
        for application in applications
    ]


def _cv_for_export(application: Application) -> dict:
    cv = {"name": application.cv_name, "bytes": application.cv_size, "base64": None}
    try:
        with cv_storage().open(application.cv.name, "rb") as stored:
            cv["base64"] = base64.b64encode(stored.read()).decode("ascii")
    except OSError:
        pass  # removed from disk meanwhile: the export still lists the application
    return cv
