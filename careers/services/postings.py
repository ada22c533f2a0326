"""Job postings from draft to closed.

A draft is submitted; the community's trust rules (those the forums use, in
`community.moderation.trust`) decide whether it opens at once or waits in the review queue. On
top of them a company's first postings wait too (CAREERS_HOLD_FIRST_POSTINGS), however trusted
the member posting it is in the forums: a new employer is new to the job board. Community
managers publish at once.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from community.core.errors import Rejected
from community.core.markdown import render
from community.core.ratelimit import RateLimited, check_rate
from community.members.models import Country, Industry, User
from community.moderation.services import record_action
from community.moderation.trust import screen_post
from community.search import index_later, index_pks_later

from .. import permissions
from ..models import (
    MAX_LOCATIONS,
    MAX_OPEN_DAYS,
    TITLE_MIN_LENGTH,
    ApplyMethod,
    Company,
    EmploymentType,
    JobLocation,
    JobPosting,
    PostingStatus,
    SalaryPeriod,
    Seniority,
    WorkplaceType,
    default_closing_date,
)
from ..signals import posting_published

logger = logging.getLogger(__name__)


class PostingRejected(Rejected):
    """The posting breaks a rule; the message says which, and nothing is saved."""


@dataclass(frozen=True)
class Location:
    city: str
    country: Country


@dataclass
class PostingData:
    """What an employer fills in for a job (the form's cleaned data, or the demo's)."""

    title: str
    description: str
    locations: list[Location] = field(default_factory=list)
    workplace_type: str = WorkplaceType.ON_SITE
    remote_countries: list[Country] = field(default_factory=list)
    employment_type: str = EmploymentType.FULL_TIME
    seniority: str = Seniority.MID
    industry: Industry | None = None
    skills: list[str] = field(default_factory=list)
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    salary_period: str = SalaryPeriod.YEAR
    apply_method: str = ApplyMethod.ON_SITE
    apply_url: str = ""
    closes_on: datetime.date | None = None


def check_posting(data: PostingData, *, today: datetime.date | None = None) -> None:
    """The rules a posting keeps whoever writes it: raise PostingRejected with the first broken."""
    today = today or timezone.localdate()
    if len(data.title.strip()) < TITLE_MIN_LENGTH:
        raise PostingRejected(
            "Give the job a title people will recognise, such as “Lifecycle Marketing Manager”."
        )
    if not data.description.strip():
        raise PostingRejected("Describe the job: what the person will do, and who you look for.")
    if data.workplace_type == WorkplaceType.REMOTE and not data.remote_countries:
        raise PostingRejected("Say which countries a remote hire may work from.")
    if data.workplace_type != WorkplaceType.REMOTE and not data.locations:
        raise PostingRejected("Give at least one city where the job is based.")
    if len(data.locations) > MAX_LOCATIONS:
        raise PostingRejected(f"A job can name at most {MAX_LOCATIONS} locations.")
    if (data.salary_min or data.salary_max) and not data.salary_currency:
        raise PostingRejected("Say which currency the salary is in.")
    if data.salary_min and data.salary_max and data.salary_min > data.salary_max:
        raise PostingRejected("The lowest salary cannot be above the highest.")
    if data.apply_method == ApplyMethod.EXTERNAL and not data.apply_url:
        raise PostingRejected("Give the address where people apply on your website.")
    if data.closes_on is not None:
        check_closing_date(data.closes_on, today=today)


def check_closing_date(closes_on: datetime.date, *, today: datetime.date) -> None:
    if closes_on < today:
        raise PostingRejected("The closing date has passed: choose one from today on.")
    if closes_on > today + datetime.timedelta(days=MAX_OPEN_DAYS):
        raise PostingRejected(f"A job can stay open at most {MAX_OPEN_DAYS} days at a time.")


def _fill(posting: JobPosting, data: PostingData) -> None:
    rendered = render(data.description)
    posting.title = " ".join(data.title.split())
    posting.description_source = rendered.source
    posting.description_html = rendered.html
    posting.workplace_type = data.workplace_type
    posting.employment_type = data.employment_type
    posting.seniority = data.seniority
    posting.industry = data.industry
    posting.salary_min = data.salary_min
    posting.salary_max = data.salary_max
    posting.salary_currency = data.salary_currency if (data.salary_min or data.salary_max) else ""
    posting.salary_period = data.salary_period
    posting.apply_method = data.apply_method
    posting.apply_url = data.apply_url if data.apply_method == ApplyMethod.EXTERNAL else ""
    posting.closes_on = data.closes_on or default_closing_date()


def _save_relations(posting: JobPosting, data: PostingData) -> None:
    JobLocation.objects.filter(posting=posting).delete()
    JobLocation.objects.bulk_create(
        JobLocation(
            posting=posting,
            city=" ".join(place.city.split()),
            country=place.country,
            position=number,
        )
        for number, place in enumerate(data.locations)
    )
    remote = data.remote_countries if data.workplace_type != WorkplaceType.ON_SITE else []
    posting.remote_countries.set(remote)
    posting.skills.set(data.skills)


def check_posting_rate(member: User) -> None:
    """Count one more new job by the member; past RATE_LIMITS["job"] raise RateLimited, saying
    what the limit is and that nothing was saved (the form keeps what they typed).

    A compromised or careless employer account must not flood the board: every job starts as a
    draft or a repost, so counting those limits what can ever be published."""
    try:
        check_rate(scope="job", member=member)
    except RateLimited as limited:
        allowed, seconds = settings.RATE_LIMITS["job"].split("/")
        minutes = max(1, round(limited.retry_after / 60))
        raise RateLimited(
            f"You can post {allowed} jobs every {_period(int(seconds))}, and you have reached "
            f"that. Nothing was saved: please try again in about {minutes} minute"
            f"{'s' if minutes != 1 else ''}.",
            retry_after=limited.retry_after,
        ) from limited


def _period(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "hour" if hours == 1 else f"{hours} hours"
    minutes = max(1, seconds // 60)
    return "minute" if minutes == 1 else f"{minutes} minutes"


def create_posting(*, company: Company, author: User, data: PostingData) -> JobPosting:
    """A draft job for the company: nobody else sees it until it is submitted."""
    permissions.ensure_can_post_for(author, company)
    check_posting(data)
    check_posting_rate(author)
    with transaction.atomic():
        posting = JobPosting(company=company, posted_by=author, status=PostingStatus.DRAFT)
        _fill(posting, data)
        posting.save()
        _save_relations(posting, data)
    return posting


def update_posting(*, posting: JobPosting, editor: User, data: PostingData) -> JobPosting:
    """Change a job in any state its employers may edit; an open job stays open and its search
    entry follows."""
    permissions.ensure_can_edit_posting(editor, posting)
    check_posting(data)
    with transaction.atomic():
        _fill(posting, data)
        # As for an edited forum post: an open job edited to hold a blocked word goes back to
        # the review queue (a word that is refused outright refuses the edit).
        screening = screen_post(
            author=editor, text=f"{posting.title}\n{posting.description_source}"
        )
        held = screening.hold and posting.status == PostingStatus.OPEN
        if held:
            posting.status = PostingStatus.PENDING
        posting.save()
        _save_relations(posting, data)
        index_later(posting)
        if held:
            record_action(
                actor=None, action="hold", item=posting, member=editor, reason=screening.reason
            )
    return posting


def _is_trusted(company: Company, member: User) -> tuple[bool, str]:
    held = getattr(settings, "CAREERS_HOLD_FIRST_POSTINGS", settings.MODERATION_HOLD_FIRST_POSTS)
    if company.approved_postings < held and not member.is_community_manager:
        return False, f"{company.name}'s first jobs wait for approval"
    return True, ""


def submit_posting(*, posting: JobPosting, member: User) -> JobPosting:
    """Send a draft out: open at once when the company and member are trusted, otherwise into
    the review queue. Blocked words hold or refuse it as they would a forum post."""
    permissions.ensure_can_edit_posting(member, posting)
    with transaction.atomic():
        posting = (
            JobPosting.objects.select_for_update().select_related("company").get(pk=posting.pk)
        )
        if posting.status != PostingStatus.DRAFT:
            raise PostingRejected("Only a draft can be submitted; this job was sent already.")
        if posting.closes_on < timezone.localdate():
            raise PostingRejected("The closing date has passed: choose a new one first.")
        screening = screen_post(
            author=member, text=f"{posting.title}\n{posting.description_source}"
        )
        trusted, reason = _is_trusted(posting.company, member)
        now = timezone.now()
        posting.submitted_at = now
        if screening.hold or not trusted:
            posting.status = PostingStatus.PENDING
            posting.save(update_fields=["status", "submitted_at", "updated_at"])
            record_action(
                actor=None,
                action="hold",
                item=posting,
                member=member,
                reason=screening.reason if screening.hold else reason,
            )
            return posting
        _open(posting, now=now)
        Company.objects.filter(pk=posting.company_id).update(
            approved_postings=F("approved_postings") + 1
        )
    return posting


def _open(posting: JobPosting, *, now: datetime.datetime) -> None:
    """Make the locked posting open from now, and tell search and job alerts after commit."""
    first_time = posting.posted_at is None
    posting.status = PostingStatus.OPEN
    posting.posted_at = now
    posting.closed_at = None
    posting.save(
        update_fields=[
            "status",
            "posted_at",
            "closed_at",
            "submitted_at",
            "updated_at",
            "closes_on",
        ]
    )
    index_later(posting)
    transaction.on_commit(lambda: _announce(posting, first_time=first_time))


def _announce(posting: JobPosting, *, first_time: bool) -> None:
    for receiver, error in posting_published.send_robust(
        sender=JobPosting, posting=posting, first_time=first_time
    ):
        if isinstance(error, Exception):
            logger.error("A receiver of posting_published failed: %r", receiver, exc_info=error)


def publish_approved(posting: JobPosting) -> None:
    """A community manager approved the held posting (the moderation adapter calls this on the
    locked row): it opens now, and the company is one approved posting nearer to trust."""
    now = timezone.now()
    posting.approved_at = now
    posting.save(update_fields=["approved_at"])
    _open(posting, now=now)
    Company.objects.filter(pk=posting.company_id).update(
        approved_postings=F("approved_postings") + 1
    )


def close_posting(*, posting: JobPosting, member: User) -> JobPosting:
    """Stop taking applications: the job leaves the listings, its page stays with a note."""
    permissions.ensure_can_edit_posting(member, posting)
    with transaction.atomic():
        posting = JobPosting.objects.select_for_update().get(pk=posting.pk)
        if posting.status != PostingStatus.OPEN:
            raise PostingRejected("Only an open job can be closed.")
        posting.status = PostingStatus.CLOSED
        posting.closed_at = timezone.now()
        posting.save(update_fields=["status", "closed_at", "updated_at"])
        index_later(posting)
    return posting


def reopen_posting(
    *, posting: JobPosting, member: User, closes_on: datetime.date | None = None
) -> JobPosting:
    """Take applications again. An expired job gets a new closing date (60 days unless told).
    A job that was never approved goes back to the review queue instead of opening."""
    permissions.ensure_can_edit_posting(member, posting)
    today = timezone.localdate()
    with transaction.atomic():
        posting = (
            JobPosting.objects.select_for_update().select_related("company").get(pk=posting.pk)
        )
        expired_open = posting.status == PostingStatus.OPEN and posting.closes_on < today
        if posting.status != PostingStatus.CLOSED and not expired_open:
            raise PostingRejected("Only a closed or expired job can be reopened.")
        if closes_on is not None:
            check_closing_date(closes_on, today=today)
            posting.closes_on = closes_on
        elif posting.closes_on < today:
            posting.closes_on = default_closing_date()
        if posting.posted_at is None:
            posting.status = PostingStatus.DRAFT
            posting.save(update_fields=["status", "closes_on", "updated_at"])
        else:
            # posted_at is kept: reopening does not jump the job to the top of the board.
            posting.status = PostingStatus.OPEN
            posting.closed_at = None
            posting.save(update_fields=["status", "closed_at", "closes_on", "updated_at"])
            index_later(posting)
            transaction.on_commit(lambda: _announce(posting, first_time=False))
    return posting


# What a repost copies as it is; dates, status and counters start afresh.
REPOSTED_FIELDS = (
    "title",
    "description_source",
    "description_html",
    "workplace_type",
    "employment_type",
    "seniority",
    "industry",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "apply_method",
    "apply_url",
)


def repost_posting(*, posting: JobPosting, member: User) -> JobPosting:
    """A fresh draft copied from a job (closed or still open), with a new closing date: its
    employer reviews it and submits it as a new job with its own applications."""
    permissions.ensure_can_edit_posting(member, posting)
    check_posting_rate(member)
    with transaction.atomic():
        copy = JobPosting.objects.create(
            company=posting.company,
            posted_by=member,
            closes_on=default_closing_date(),
            status=PostingStatus.DRAFT,
            **{name: getattr(posting, name) for name in REPOSTED_FIELDS},
        )
        JobLocation.objects.bulk_create(
            JobLocation(
                posting=copy, city=place.city, country_id=place.country_id, position=place.position
            )
            for place in posting.locations.all()
        )
        copy.remote_countries.set(posting.remote_countries.all())
        copy.skills.set(list(posting.skills.all()))
    return copy


def record_view(posting: JobPosting) -> None:
    JobPosting.objects.filter(pk=posting.pk).update(view_count=F("view_count") + 1)


def close_expired_postings(*, today: datetime.date | None = None) -> int:
    """Mark open postings past their closing date closed (they already left the listings by
    date; this tidies the status and moves their search entries to "closed")."""
    today = today or timezone.localdate()
    with transaction.atomic():
        expired = JobPosting.objects.filter(status=PostingStatus.OPEN, closes_on__lt=today)
        pks = list(expired.values_list("pk", flat=True))
        if pks:
            JobPosting.objects.filter(pk__in=pks, status=PostingStatus.OPEN).update(
                status=PostingStatus.CLOSED, closed_at=timezone.now()
            )
            index_pks_later("job", pks)
    return len(pks)
