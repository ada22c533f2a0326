"""The job board's demo: Northwind, its partners and customers who hire, their company pages,
40 open jobs across segments, a few closed or expired ones, and a new employer's first jobs
waiting for a community manager's approval.

What they say is written in `demo_data/*.toml`; this module reads it, checks it and seeds it
through the careers services, so statuses, the trust rule for new employers and the search
index are what the site would have made. Dates count from the day of seeding. Every piece is
added only when missing: running the seeder again adds nothing.
"""

import datetime
import tomllib
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from community.core.demo import Output
from community.core.markdown import render_markdown
from community.members.demo import DEMO_PASSWORD, ESTABLISHED
from community.members.models import Country, Industry, Profile, Region, User
from community.members.roles import Role
from community.members.services import assign_role, handle_from_name

from . import services
from .models import (
    ApplyMethod,
    Company,
    JobPosting,
    PostingStatus,
    SalaryPeriod,
)

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
JOB_FILES = ("jobs-northwind-and-partners.toml", "jobs-customers.toml")

COMPANY_KEYS = (
    {"name", "industry", "region", "employers", "description"},
    {"website", "established"},
)
RECRUITER_KEYS = ({"email", "name", "job_title", "country", "industry"}, set())
JOB_KEYS = (
    {"company", "title", "workplace", "type", "seniority", "posted_days_ago", "summary", "duties", "requirements"},
    {"locations", "remote", "salary", "currency", "period", "skills", "apply_url", "closes_in_days",
     "state", "closed_days_ago", "offer", "industry"},
)  # fmt: skip
STATES = {"open", "closed", "expired", "pending", "draft"}


class DemoDataError(ValueError):
    """A data file says something the seeder cannot use; the message names the file and entry."""


def _checked(entry: dict, where: str, keys: tuple[set[str], set[str]]) -> dict:
    required, optional = keys
    missing, unknown = required - entry.keys(), entry.keys() - required - optional
    if missing or unknown:
        problems = [f"missing {sorted(missing)}"] if missing else []
        problems += [f"unknown {sorted(unknown)}"] if unknown else []
        raise DemoDataError(f"{where}: {', '.join(problems)}")
    return entry


def _read(name: str) -> dict:
    with open(DATA_DIR / name, "rb") as data:
        return tomllib.load(data)


def seed_careers(options: dict[str, Any], out: Output) -> None:
    companies_file = _read("companies.toml")
    with transaction.atomic():
        _seed_recruiters(companies_file.get("recruiter", []))
        companies = _seed_companies(companies_file["company"])
    added = 0
    for name in JOB_FILES:
        for number, entry in enumerate(_read(name)["job"], start=1):
            where = f"{name}, job {number}"
            added += _seed_job(_checked(entry, where, JOB_KEYS), companies, where)
    live = JobPosting.objects.live().count()
    out(f"  {len(companies)} company pages, {added} jobs added ({live} open on the board).")


def _seed_recruiters(entries: list[dict]) -> None:
    industries = {industry.slug: industry for industry in Industry.objects.all()}
    password = make_password(DEMO_PASSWORD)
    for number, entry in enumerate(entries, start=1):
        entry = _checked(entry, f"companies.toml, recruiter {number}", RECRUITER_KEYS)
        user, created = User.objects.get_or_create(
            email=entry["email"],
            defaults={
                "display_name": entry["name"],
                "username": handle_from_name(entry["name"]),
                "password": password,
            },
        )
        if not created:
            continue
        Profile.objects.filter(user=user).update(
            industry=industries[entry["industry"]],
            country_id=entry["country"],
            job_title=entry["job_title"],
            approved_posts=ESTABLISHED,
        )
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )


def _seed_companies(entries: list[dict]) -> dict[str, Company]:
    industries = {industry.slug: industry for industry in Industry.objects.all()}
    regions = {region.code: region for region in Region.objects.all()}
    # Past the first-postings threshold: an established employer's jobs publish at once.
    trusted = getattr(settings, "CAREERS_HOLD_FIRST_POSTINGS", settings.MODERATION_HOLD_FIRST_POSTS)
    companies = {}
    for number, entry in enumerate(entries, start=1):
        entry = _checked(entry, f"companies.toml, company {number}", COMPANY_KEYS)
        employers = list(User.objects.filter(email__in=entry["employers"]))
        if not employers:
            raise DemoDataError(f"companies.toml, company {number}: none of its employers exists")
        for employer in employers:
            if not employer.has_role(Role.EMPLOYER):
                assign_role(user=employer, role=Role.EMPLOYER)
        company = Company.objects.filter(name=entry["name"]).first()
        if company is None:
            company = Company.objects.create(
                name=entry["name"],
                website=entry.get("website", ""),
                industry=industries[entry["industry"]],
                region=regions[entry["region"]],
                description_source=entry["description"],
                description_html=render_markdown(entry["description"]),
                approved_postings=trusted if entry.get("established", True) else 0,
            )
        company.members.add(*employers)
        companies[company.name] = company
    return companies


def _description(entry: dict) -> str:
    parts = [entry["summary"].strip(), "## What you will do"]
    parts.append("\n".join(f"- {duty}" for duty in entry["duties"]))
    parts.append("## What you bring")
    parts.append("\n".join(f"- {need}" for need in entry["requirements"]))
    if offer := entry.get("offer"):
        parts.extend(["## What we offer", offer])
    return "\n\n".join(parts)


def _posting_data(entry: dict, company: Company, where: str) -> services.PostingData:
    codes = [code for _city, code in entry.get("locations", [])] + entry.get("remote", [])
    countries = Country.objects.in_bulk(codes)
    if unknown := set(codes) - countries.keys():
        raise DemoDataError(f"{where}: unknown countries {sorted(unknown)}")
    low, high = entry.get("salary", [None, None])
    industry = company.industry
    if slug := entry.get("industry"):
        industry = Industry.objects.get(slug=slug)
    return services.PostingData(
        title=entry["title"],
        description=_description(entry),
        locations=[
            services.Location(city=city, country=countries[code])
            for city, code in entry.get("locations", [])
        ],
        workplace_type=entry["workplace"],
        remote_countries=[countries[code] for code in entry.get("remote", [])],
        employment_type=entry["type"],
        seniority=entry["seniority"],
        industry=industry,
        skills=entry.get("skills", []),
        salary_min=low,
        salary_max=high,
        salary_currency=entry.get("currency", ""),
        salary_period=entry.get("period", SalaryPeriod.YEAR),
        apply_method=ApplyMethod.EXTERNAL if entry.get("apply_url") else ApplyMethod.ON_SITE,
        apply_url=entry.get("apply_url", ""),
    )


@transaction.atomic
def _seed_job(entry: dict, companies: dict[str, Company], where: str) -> int:
    company = companies.get(entry["company"])
    if company is None:
        raise DemoDataError(f"{where}: no company called {entry['company']!r}")
    if JobPosting.objects.filter(company=company, title=entry["title"]).exists():
        return 0
    state = entry.get("state", "open")
    if state not in STATES:
        raise DemoDataError(f"{where}: state must be one of {sorted(STATES)}")
    author = company.members.order_by("pk").first()
    posting = services.create_posting(
        company=company, author=author, data=_posting_data(entry, company, where)
    )
    if state != "draft":
        posting = services.submit_posting(posting=posting, member=author)
    if state == "closed":
        posting = services.close_posting(posting=posting, member=author)
    _date(posting, entry)
    return 1


def _date(posting: JobPosting, entry: dict) -> None:
    """Move the job's dates back to when the data says it was posted (and closed)."""
    now = timezone.now()
    posted = now - datetime.timedelta(days=entry["posted_days_ago"], hours=posting.pk % 9)
    closes_in = entry.get("closes_in_days", 60 - entry["posted_days_ago"])
    changes: dict[str, Any] = {
        "created_at": posted,
        "closes_on": timezone.localdate() + datetime.timedelta(days=closes_in),
    }
    if posting.status in (PostingStatus.OPEN, PostingStatus.CLOSED):
        changes["posted_at"] = posted
    if posting.status == PostingStatus.PENDING:
        changes["submitted_at"] = posted
    if posting.status == PostingStatus.CLOSED:
        changes["closed_at"] = now - datetime.timedelta(days=entry.get("closed_days_ago", 1))
    JobPosting.objects.filter(pk=posting.pk).update(**changes)
