"""Employers' companies and their jobs, as the demo's marketing-automation community has them."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from careers.models import (
    Company,
    EmploymentType,
    JobLocation,
    JobPosting,
    PostingStatus,
    SalaryPeriod,
    Seniority,
    WorkplaceType,
)
from community.core.markdown import render
from community.members.models import Country, Industry

JOB_TITLES = [
    "Marketing Operations Manager",
    "Lifecycle Marketing Specialist",
    "Marketing Automation Consultant",
    "CRM Campaign Manager",
    "Email Deliverability Engineer",
    "Solutions Architect, Marketing Cloud",
    "Customer Success Manager",
    "Demand Generation Lead",
]

DESCRIPTION = (
    "You will own our nurture programmes end to end: journeys, scoring and the weekly "
    "pipeline report.\n\n## What you bring\n\n- Three years running campaigns in a "
    "marketing automation platform\n- Comfort with SQL and segmentation\n"
)


class CompanyFactory(DjangoModelFactory):
    """A company page; `members=[employer]` names who posts for it."""

    class Meta:
        model = Company
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Northwind Analytics {n}")
    website = factory.LazyAttribute(lambda company: f"https://{slugify(company.name)}.example.com")
    industry = factory.Iterator(Industry.objects.order_by("sort_order"))
    description_source = "We help retailers talk to their customers like people."
    description_html = factory.LazyAttribute(
        lambda company: render(company.description_source).html
    )
    # Past the first-postings threshold: its jobs publish at once unless a test says otherwise.
    approved_postings = 5

    @factory.post_generation
    def members(company, create, extracted, **kwargs):
        if create and extracted:
            company.members.add(*extracted)


class JobPostingFactory(DjangoModelFactory):
    """An open job in Berlin unless told otherwise: `JobPostingFactory(status="draft")`,
    `JobPostingFactory(workplace_type="remote", remote_countries=["DE", "FR"])`,
    `JobPostingFactory(locations=[("Lisbon", "PT")])`, `skills=["SQL"]`."""

    class Meta:
        model = JobPosting
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    title = factory.Iterator(JOB_TITLES)
    description_source = DESCRIPTION
    description_html = factory.LazyAttribute(lambda job: render(job.description_source).html)
    workplace_type = WorkplaceType.HYBRID
    employment_type = EmploymentType.FULL_TIME
    seniority = Seniority.MID
    salary_min = 55_000
    salary_max = 70_000
    salary_currency = "EUR"
    salary_period = SalaryPeriod.YEAR
    status = PostingStatus.OPEN
    posted_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    @factory.post_generation
    def locations(job, create, extracted, **kwargs):
        if not create:
            return
        places = [("Berlin", "DE")] if extracted is None else extracted
        JobLocation.objects.bulk_create(
            JobLocation(posting=job, city=city, country_id=code, position=number)
            for number, (city, code) in enumerate(places)
        )

    @factory.post_generation
    def remote_countries(job, create, extracted, **kwargs):
        if create and extracted:
            job.remote_countries.set(Country.objects.filter(code__in=extracted))

    @factory.post_generation
    def skills(job, create, extracted, **kwargs):
        if create and extracted:
            job.skills.set(extracted)


def job_form(**changes) -> dict:
    """What an employer types into the job form (two blank location rows besides Berlin), as a
    POST's data: `job_form(action="save", salary_min="")`."""
    data = {
        "title": "Lifecycle Marketing Manager",
        "description": "Own our **trial nurture** journeys.",
        "workplace_type": "hybrid",
        "employment_type": "full_time",
        "seniority": "senior",
        "skills": "Journeys, Product signals",
        "salary_min": "72,000",
        "salary_max": "88000",
        "salary_currency": "EUR",
        "salary_period": "year",
        "apply_method": "on_site",
        "apply_url": "",
        "closes_on": (timezone.localdate() + datetime.timedelta(days=45)).isoformat(),
        "locations-TOTAL_FORMS": "3",
        "locations-INITIAL_FORMS": "0",
        "locations-MIN_NUM_FORMS": "0",
        "locations-MAX_NUM_FORMS": "10",
        "locations-0-city": "Berlin",
        "locations-0-country": "DE",
        "locations-1-city": "",
        "locations-1-country": "",
        "locations-2-city": "",
        "locations-2-country": "",
        "action": "submit",
    }
    data.update(changes)
    return data
