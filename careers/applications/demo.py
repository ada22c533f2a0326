"""Demo job seekers (careers/demo_data/applications.toml): applications in every stage with
small generated PDF CVs, saved searches and open-to-work cards, through the same services the
site uses. Runs after the job board's own seeder; idempotent, dates relative to today."""

import datetime
import tomllib
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from community.core.demo import Output
from community.members.models import Country, User
from community.members.roles import Role

from ..alerts import services as alert_services
from ..application_models import Application, OpenToWork, SavedSearch, StageChange
from ..cv import CheckedCv
from ..cv_documents import pdf_cv
from ..filters import JobFilters
from ..models import JobPosting
from ..open_to_work import services as open_to_work_services
from . import services

DATA_FILE = Path(__file__).resolve().parent.parent / "demo_data" / "applications.toml"


def seed_applications(options: dict[str, Any], out: Output) -> None:
    with open(DATA_FILE, "rb") as data:
        entries = tomllib.load(data)
    members = {
        user.email: user
        for user in User.objects.filter(
            email__in={
                entry.get("applicant") or entry.get("member")
                for key in ("application", "saved_search", "open_to_work")
                for entry in entries.get(key, [])
            }
        ).select_related("profile")
    }
    applications = sum(_seed_application(entry, members) for entry in entries["application"])
    searches = sum(_seed_search(entry, members) for entry in entries["saved_search"])
    cards = sum(_seed_card(entry, members) for entry in entries["open_to_work"])
    out(
        f"  {applications} applications, {searches} saved searches and {cards} open-to-work "
        "cards added."
    )


def _seed_application(entry: dict, members: dict[str, User]) -> int:
    applicant = members.get(entry["applicant"])
    job = (
        JobPosting.objects.live()
        .filter(company__name=entry["company"], title=entry["job"])
        .select_related("company")
        .first()
    )
    if applicant is None or job is None:
        return 0
    if Application.objects.filter(job=job, applicant=applicant).exists():
        return 0
    cv = CheckedCv(content=pdf_cv(_cv_lines(applicant, entry), title=entry["cv_name"]), kind="pdf")
    with transaction.atomic():
        application = services.apply(
            job=job,
            member=applicant,
            cv=cv,
            cv_name=entry["cv_name"],
            cover_letter=entry["letter"].strip(),
        )
        reviewer = (
            job.company.members.first()
            or User.objects.filter(groups__name=Role.COMMUNITY_MANAGER).first()
        )
        for stage, _days_ago in entry["stages"]:
            services.move_to_stage(application=application, stage=stage, member=reviewer)
        _backdate(application, entry)
    return 1


def _cv_lines(applicant: User, entry: dict) -> list[str]:
    return [
        applicant.display_name,
        entry["headline"],
        applicant.email,
        "",
        "Experience",
        *entry["experience"],
        "",
        f"Community profile: @{applicant.username}",
    ]


def _backdate(application: Application, entry: dict) -> None:
    """Spread the application's history over the days the demo data gives."""
    now = timezone.now()
    applied = now - datetime.timedelta(days=entry["applied_days_ago"], hours=3)
    times = [applied] + [
        now - datetime.timedelta(days=days, hours=1) for _stage, days in entry["stages"]
    ]
    changes = list(StageChange.objects.filter(application=application).order_by("id"))
    for change, when in zip(changes, times, strict=False):
        StageChange.objects.filter(pk=change.pk).update(changed_at=when)
    Application.objects.filter(pk=application.pk).update(
        created_at=applied, stage_changed_at=times[-1]
    )


def _seed_search(entry: dict, members: dict[str, User]) -> int:
    member = members.get(entry["member"])
    if member is None:
        return 0
    filters = JobFilters.from_querydict(QueryDict(entry["query"]))
    query = filters.to_querydict().urlencode()
    if SavedSearch.objects.filter(member=member, query=query).exists():
        return 0
    alert_services.save_search(
        member=member, filters=filters, name=entry["name"], frequency=entry["frequency"]
    )
    return 1


def _seed_card(entry: dict, members: dict[str, User]) -> int:
    member = members.get(entry["member"])
    if member is None or OpenToWork.objects.filter(member=member).exists():
        return 0
    open_to_work_services.set_open_to_work(
        member=member,
        roles=entry["roles"],
        places=entry["places"],
        countries=list(Country.objects.filter(code__in=entry["countries"])),
        remote_ok=entry["remote_ok"],
        visible=entry.get("visible", True),
    )
    return 1
