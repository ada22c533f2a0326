"""Job alerts: members save the board's filters as a search; a posting that opens is matched
against every saved search once, and reaches each member once, however many of their searches
match it, at the soonest frequency among them.

- `match_posting` runs after a posting opens (a task queued from `posting_published`): it
  records a `JobAlert` per matching member (the (member, posting) constraint makes a second run
  add nothing) and sends the instant ones at once.
- `send_summaries` runs daily and weekly (`manage.py send_job_alerts`, or its task): one
  notification per saved search that gathered jobs since it last went out.

Every send claims its rows (`sent_at IS NULL`, under a row lock that concurrent runs skip)
before anyone is told, so running anything twice, or at the same time, tells nobody twice.
Notifications go through the member's preferences for job alerts (on the site, by e-mail at
once, or in the daily digest).
"""

import datetime
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from community.core.errors import Rejected
from community.members.models import User
from community.notifications.services import notify

from .. import permissions
from ..application_models import (
    FREQUENCY_URGENCY,
    SAVED_SEARCH_NAME_MAX_LENGTH,
    SAVED_SEARCH_QUERY_MAX_LENGTH,
    AlertFrequency,
    JobAlert,
    SavedSearch,
)
from ..filters import JobFilters
from ..models import JobPosting
from ..notification_kinds import CareersKind
from ..selectors import for_matching

MAX_SAVED_SEARCHES = 20
# Jobs named in a summary notification; the link lists them all.
SUMMARY_TITLES = 3
PERIODS = {
    AlertFrequency.DAILY: datetime.timedelta(days=1),
    AlertFrequency.WEEKLY: datetime.timedelta(days=7),
}
# A summary run a little early (cron drifts) still counts as a full period.
PERIOD_SLACK = datetime.timedelta(hours=2)


class SavedSearchRejected(Rejected):
    """The saved search breaks a rule; nothing is saved."""


def board_url(query: str) -> str:
    return f"/careers/?{query}" if query else "/careers/"


# --- Saved searches ------------------------------------------------------------------------


def save_search(
    *, member: User, filters: JobFilters, name: str = "", frequency: str
) -> SavedSearch:
    """Keep the filters as a search with alerts; saving the same filters again renames it and
    changes its frequency instead of adding a copy."""
    permissions.ensure_can_save_searches(member)
    frequency = _frequency(frequency)
    query = filters.to_querydict().urlencode()
    if len(query) > SAVED_SEARCH_QUERY_MAX_LENGTH:
        raise SavedSearchRejected("That search is too long to save; remove a filter or a word.")
    name = " ".join(name.split())[:SAVED_SEARCH_NAME_MAX_LENGTH] or _default_name(filters)
    existing = SavedSearch.objects.filter(member=member, query=query).first()
    if existing is None:
        if SavedSearch.objects.filter(member=member).count() >= MAX_SAVED_SEARCHES:
            raise SavedSearchRejected(
                f"You can keep {MAX_SAVED_SEARCHES} saved searches; delete one to add another."
            )
        try:
            with transaction.atomic():
                return SavedSearch.objects.create(
                    member=member, query=query, name=name, frequency=frequency
                )
        except IntegrityError:
            # The same search saved twice at once (a double click): keep the first.
            existing = SavedSearch.objects.get(member=member, query=query)
    existing.name, existing.frequency = name, frequency
    existing.save(update_fields=["name", "frequency"])
    return existing


def _default_name(filters: JobFilters) -> str:
    return (filters.describe() or "All new jobs")[:SAVED_SEARCH_NAME_MAX_LENGTH]


def _frequency(value: str) -> str:
    if value not in AlertFrequency.values:
        raise SavedSearchRejected("Choose how often to hear of new jobs from the list.")
    return value


def update_search(
    *, saved_search: SavedSearch, member: User, name: str, frequency: str
) -> SavedSearch:
    _ensure_own(saved_search, member)
    saved_search.frequency = _frequency(frequency)
    saved_search.name = " ".join(name.split())[:SAVED_SEARCH_NAME_MAX_LENGTH] or saved_search.name
    saved_search.save(update_fields=["name", "frequency"])
    return saved_search


def delete_search(*, saved_search: SavedSearch, member: User) -> None:
    _ensure_own(saved_search, member)
    saved_search.delete()


def _ensure_own(saved_search: SavedSearch, member: User) -> None:
    permissions.ensure_can_save_searches(member)
    if saved_search.member_id != member.pk:
        raise SavedSearchRejected("That saved search is not yours.")


# --- Matching a posting that opens ---------------------------------------------------------


def match_posting(posting_id: int) -> int:
    """Record an alert for every member with a saved search the open posting matches, then send
    the instant ones. Returns how many members were told at once."""
    posting = for_matching(JobPosting.objects.live().filter(pk=posting_id)).first()
    if posting is None:
        return 0
    urgency = {frequency.value: rank for rank, frequency in enumerate(FREQUENCY_URGENCY)}
    filters_by_query: dict[str, JobFilters] = {}
    chosen: dict[int, SavedSearch] = {}
    searches = (
        SavedSearch.objects.filter(member__is_active=True)
        .exclude(member_id__in=JobAlert.objects.filter(posting=posting).values("member_id"))
        .only("pk", "member_id", "query", "frequency")
        .order_by("pk")
    )
    for search in searches.iterator(chunk_size=2000):
        if search.query not in filters_by_query:
            # Many members save the same few searches: each distinct one is read once.
            filters_by_query[search.query] = JobFilters.from_querydict(QueryDict(search.query))
        if not filters_by_query[search.query].matches(posting):
            continue
        current = chosen.get(search.member_id)
        if current is None or urgency[search.frequency] < urgency[current.frequency]:
            chosen[search.member_id] = search
    # The company's own employers know of their jobs already.
    for employer_id in posting.company.members.values_list("pk", flat=True):
        chosen.pop(employer_id, None)
    JobAlert.objects.bulk_create(
        [
            JobAlert(
                member_id=member_id,
                posting=posting,
                saved_search=search,
                frequency=search.frequency,
            )
            for member_id, search in chosen.items()
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return send_instant(posting)


def send_instant(posting: JobPosting) -> int:
    """Tell each member with an unsent instant alert for the posting; returns how many."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            JobAlert.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(posting=posting, frequency=AlertFrequency.INSTANT, sent_at__isnull=True)
            .select_related("saved_search")
        )
        if not rows:
            return 0
        JobAlert.objects.filter(pk__in=[row.pk for row in rows]).update(sent_at=now)
        by_search_name: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            name = row.saved_search.name if row.saved_search else "your saved search"
            by_search_name[name].append(row.member_id)
        for name, member_ids in by_search_name.items():
            notify(
                kind=CareersKind.JOB_ALERT,
                recipients=member_ids,
                target=posting,
                url=posting.get_absolute_url(),
                text=f"New job for “{name}”: {posting.title} at {posting.company.name}.",
            )
        SavedSearch.objects.filter(
            pk__in={row.saved_search_id for row in rows if row.saved_search_id}
        ).update(last_sent_at=now)
    return len(rows)


# --- Daily and weekly summaries ------------------------------------------------------------


def send_summaries(frequency: str, *, now: datetime.datetime | None = None) -> int:
    """One notification per saved search whose period has passed and that gathered new jobs;
    returns how many went out. Jobs no longer open by then are dropped (and marked sent)."""
    now = now or timezone.now()
    due_before = now - PERIODS[AlertFrequency(frequency)] + PERIOD_SLACK
    due = Q(saved_search__isnull=True) | Q(saved_search__last_sent_at__isnull=True)
    due |= Q(saved_search__last_sent_at__lte=due_before)
    member_ids = list(
        JobAlert.objects.filter(due, frequency=frequency, sent_at__isnull=True)
        .order_by("member_id")
        .values_list("member_id", flat=True)
        .distinct()
    )
    return sum(_send_summary_to(member_id, frequency, due, now) for member_id in member_ids)


def _send_summary_to(member_id: int, frequency: str, due: Q, now: datetime.datetime) -> int:
    with transaction.atomic():
        rows = list(
            JobAlert.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(due, member_id=member_id, frequency=frequency, sent_at__isnull=True)
            .select_related("posting__company", "saved_search")
            .order_by("-posting__posted_at", "-pk")
        )
        if not rows:
            return 0
        JobAlert.objects.filter(pk__in=[row.pk for row in rows]).update(sent_at=now)
        live = set(
            JobPosting.objects.live()
            .filter(pk__in=[row.posting_id for row in rows])
            .values_list("pk", flat=True)
        )
        by_search: dict[int | None, list[JobAlert]] = defaultdict(list)
        for row in rows:
            if row.posting_id in live:
                by_search[row.saved_search_id].append(row)
        for alerts in by_search.values():
            search = alerts[0].saved_search
            titles = [f"{a.posting.title} at {a.posting.company.name}" for a in alerts]
            shown = "; ".join(titles[:SUMMARY_TITLES])
            more = len(titles) - SUMMARY_TITLES
            count = f"{len(titles)} new job{'s' if len(titles) > 1 else ''}"
            name = search.name if search else "your saved searches"
            notify(
                kind=CareersKind.JOB_ALERT,
                recipients=[member_id],
                url=board_url(search.query) if search else reverse("careers:alerts"),
                text=f"{count} for “{name}”: {shown}{f' and {more} more' if more > 0 else ''}.",
            )
        SavedSearch.objects.filter(
            pk__in={row.saved_search_id for row in rows if row.saved_search_id}
        ).update(last_sent_at=now)
    return len(by_search)
