"""Careers: employers' company pages and the jobs they post. The landing page lives in `pages.py`.

A posting's life: DRAFT → (submit) PENDING, waiting for a community manager, or OPEN at once for
an employer the community already trusts → CLOSED by its employer (reopened or reposted later).
A moderator may HIDE or REMOVE a posting that breaks the rules. An OPEN posting whose closing date
has passed is expired: it leaves the listings and takes no applications, without anything having
to run at midnight (`JobPosting.objects.live()` compares the date; a task may tidy the status).
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from community.core.slugs import unicode_slugify, validate_unicode_slug

from .pages import *  # noqa: F403  (Wagtail finds page models through the models module)

COMPANY_NAME_MAX_LENGTH = 120
TITLE_MAX_LENGTH = 150
TITLE_MIN_LENGTH = 4
DESCRIPTION_MAX_LENGTH = 20_000
DEFAULT_OPEN_DAYS = 60
MAX_OPEN_DAYS = 180
MAX_LOCATIONS = 10
# The actions under /careers/jobs/<pk>/ (urls.py): a job titled "Close" gets "close-job".
RESERVED_SLUGS = {"edit", "submit", "close", "reopen", "repost", "apply", "applicants"}


def default_closing_date() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DEFAULT_OPEN_DAYS)


def company_logo_upload_to(company: "Company", filename: str) -> str:
    # A fresh name per upload, so browsers and CDNs never serve a stale logo.
    return f"companies/{company.pk or 'new'}/{secrets.token_hex(6)}-{filename}"


class Company(models.Model):
    """An employer's company page: who they are, and the members who post jobs for it."""

    name = models.CharField(max_length=COMPANY_NAME_MAX_LENGTH, unique=True)
    slug = models.CharField(
        max_length=COMPANY_NAME_MAX_LENGTH, unique=True, validators=[validate_unicode_slug]
    )
    logo = models.ImageField(upload_to=company_logo_upload_to, blank=True)
    website = models.URLField(blank=True)
    industry = models.ForeignKey(
        "members.Industry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        "members.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description_source = models.TextField(max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    description_html = models.TextField(blank=True, editable=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="employer_companies",
        blank=True,
        help_text="Members with the Employer role who post jobs for this company.",
    )
    # Postings a community manager approved or that were published on trust: past the
    # threshold (CAREERS_HOLD_FIRST_POSTINGS) the company's postings publish at once.
    approved_postings = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unicode_slugify(self.name)[:COMPANY_NAME_MAX_LENGTH] or "company"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("careers:company", kwargs={"slug": self.slug})


class JobSkill(TagBase):
    """A skill a job asks for, in any script ("Marketing automation", "データ分析")."""

    class Meta:
        verbose_name = "job skill"
        verbose_name_plural = "job skills"

    def slugify(self, tag: str, i: int | None = None) -> str:
        # Below the column's 100 characters, leaving room for taggit's "_<n>" on a clash.
        slug = unicode_slugify(tag)[:90].strip("-_")
        if not slug:
            raise ValidationError(
                f"A skill needs at least one letter or digit: “{tag}” has none.",
                code="empty_slug",
            )
        return slug if i is None else f"{slug}_{i}"


class PostingStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING = "pending", "Awaiting approval"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    HIDDEN = "hidden", "Hidden by moderators"
    REMOVED = "removed", "Removed by moderators"


class WorkplaceType(models.TextChoices):
    ON_SITE = "on_site", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class EmploymentType(models.TextChoices):
    # Values name Schema.org's employmentType (FULL_TIME...) in lower case.
    FULL_TIME = "full_time", "Full-time"
    PART_TIME = "part_time", "Part-time"
    CONTRACTOR = "contractor", "Contract"
    TEMPORARY = "temporary", "Temporary"
    INTERN = "intern", "Internship"


class Seniority(models.TextChoices):
    ENTRY = "entry", "Entry level"
    MID = "mid", "Mid level"
    SENIOR = "senior", "Senior"
    LEAD = "lead", "Lead / principal"
    MANAGER = "manager", "Manager"
    DIRECTOR = "director", "Director and above"


class SalaryPeriod(models.TextChoices):
    # Values name Schema.org's unitText (YEAR, MONTH...) in lower case.
    YEAR = "year", "per year"
    MONTH = "month", "per month"
    DAY = "day", "per day"
    HOUR = "hour", "per hour"


# How many of each period make a year, to compare salaries given per hour with yearly ones.
PERIODS_PER_YEAR = {
    SalaryPeriod.YEAR: 1,
    SalaryPeriod.MONTH: 12,
    SalaryPeriod.DAY: 220,
    SalaryPeriod.HOUR: 1760,
}

CURRENCIES = [
    ("EUR", "EUR €"),
    ("USD", "USD $"),
    ("GBP", "GBP £"),
    ("CHF", "CHF"),
    ("SEK", "SEK kr"),
    ("DKK", "DKK kr"),
    ("NOK", "NOK kr"),
    ("PLN", "PLN zł"),
    ("CAD", "CAD $"),
    ("AUD", "AUD $"),
    ("SGD", "SGD $"),
    ("JPY", "JPY ¥"),
    ("INR", "INR ₹"),
    ("BRL", "BRL R$"),
]
CURRENCY_SYMBOLS = {
    "EUR": "€",
    "USD": "$",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "BRL": "R$",
    "CAD": "CA$",
    "AUD": "A$",
    "SGD": "S$",
}


class ApplyMethod(models.TextChoices):
    ON_SITE = "on_site", "On this site"
    EXTERNAL = "external", "On the employer's website"


class JobPostingQuerySet(models.QuerySet):
    def live(self, today: datetime.date | None = None) -> "JobPostingQuerySet":
        """Open and not past its closing date: what the listings show and what takes applications."""
        today = today or timezone.localdate()
        return self.filter(status=PostingStatus.OPEN, closes_on__gte=today)


class JobPosting(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="postings")
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="job_postings",
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    slug = models.CharField(max_length=80, editable=False)
    description_source = models.TextField(max_length=DESCRIPTION_MAX_LENGTH)
    description_html = models.TextField(editable=False)

    workplace_type = models.CharField(
        max_length=8, choices=WorkplaceType.choices, default=WorkplaceType.ON_SITE
    )
    # The countries a remote (or hybrid) role accepts applicants from.
    remote_countries = models.ManyToManyField("members.Country", blank=True, related_name="+")
    employment_type = models.CharField(
        max_length=12, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    seniority = models.CharField(max_length=10, choices=Seniority.choices, default=Seniority.MID)
    industry = models.ForeignKey(
        "members.Industry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    skills = TaggableManager(through="TaggedJob", blank=True)

    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, choices=CURRENCIES, blank=True)
    salary_period = models.CharField(
        max_length=5, choices=SalaryPeriod.choices, default=SalaryPeriod.YEAR
    )
    # The top of the range as a yearly amount (in its own currency), for the minimum-salary
    # filter; kept in step by save().
    salary_max_yearly = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    apply_method = models.CharField(
        max_length=8, choices=ApplyMethod.choices, default=ApplyMethod.ON_SITE
    )
    apply_url = models.URLField(blank=True, max_length=500)
    closes_on = models.DateField(default=default_closing_date)

    status = models.CharField(
        max_length=8, choices=PostingStatus.choices, default=PostingStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # When it was (last) published: a repost starts the clock again.
    posted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    # Denormalised counters, always changed with F() expressions.
    view_count = models.PositiveIntegerField(default=0)
    application_count = models.PositiveIntegerField(default=0)

    objects = JobPostingQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_range_in_order",
                violation_error_message="The lowest salary cannot be above the highest.",
            ),
            models.CheckConstraint(
                condition=~Q(apply_method="external") | ~Q(apply_url=""),
                name="job_external_apply_has_url",
                violation_error_message="Applying on the employer's website needs its address.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-posted_at", "-id"], name="job_status_newest"),
            # The board's count reads only this index: the region and country filters test
            # each listed job's id against hashed lists of ids, so with the id in the index
            # no row is fetched (EMEA at 50,000 jobs: about 35 ms down to 19; bench/README.md).
            models.Index(fields=["status", "closes_on", "id"], name="job_listed_ids"),
            models.Index(fields=["company", "status", "-posted_at"], name="job_company_status"),
            models.Index(fields=["industry", "status", "-posted_at"], name="job_industry"),
            models.Index(fields=["status", "salary_max_yearly"], name="job_salary"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.slug = unicode_slugify(self.title)[:80].strip("-_") or "job"
        if self.slug in RESERVED_SLUGS:
            self.slug = f"{self.slug}-job"
        top = self.salary_max or self.salary_min
        self.salary_max_yearly = (
            top * PERIODS_PER_YEAR[SalaryPeriod(self.salary_period)] if top else None
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "salary_min", "salary_max"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "slug", "salary_max_yearly"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("careers:job", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_expired(self) -> bool:
        return self.closes_on < timezone.localdate()

    @property
    def is_live(self) -> bool:
        """Listed, and taking applications."""
        return self.status == PostingStatus.OPEN and not self.is_expired

    @property
    def is_remote(self) -> bool:
        return self.workplace_type == WorkplaceType.REMOTE

    @property
    def has_salary(self) -> bool:
        return bool((self.salary_min or self.salary_max) and self.salary_currency)

    @property
    def applies_on_site(self) -> bool:
        return self.apply_method == ApplyMethod.ON_SITE


class TaggedJob(TaggedItemBase):
    tag = models.ForeignKey(JobSkill, on_delete=models.CASCADE, related_name="tagged_jobs")
    content_object = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_job_once")
        ]


class JobLocation(models.Model):
    """A place a job is based: a city in a country (a posting may have several)."""

    posting = models.ForeignKey(JobPosting, on_delete=models.CASCADE, related_name="locations")
    city = models.CharField(max_length=100)
    country = models.ForeignKey("members.Country", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["country", "posting"], name="job_location_country")]

    def __str__(self) -> str:
        return f"{self.city}, {self.country_id}"


# Applications, CVs, job alerts and open-to-work live beside these, for migrations to find.
from .application_models import *  # noqa: E402, F403
