"""The job board's filters, read from a query string, written back to one, applied to postings.

One `JobFilters` serves every place a search for jobs is kept or run:

- `/careers/` parses the query string with `JobFilters.from_querydict(request.GET)` and lists
  `filters.apply(listed_postings(), viewer=...)`;
- a saved search (job alerts) stores `filters.to_querydict().urlencode()` and rebuilds the
  filters with `from_querydict(QueryDict(stored))`: the saved search is the board's own address;
- a new posting is checked against a saved search with `filters.matches(posting)`, in Python,
  without a query per alert. The posting must come with its `locations` (and their countries),
  `remote_countries` and `skills` loaded (see `selectors.for_matching`).

Nothing in a query string is trusted: unknown values are dropped with a note the page shows,
numbers are read as ASCII digits only (`community.core.numbers`), and text is cut to length.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from community.core.numbers import parse_positive_int
from community.core.querysets import filter_given
from community.members.models import Country, Industry, Region
from community.search import matching_ids

from .models import (
    EmploymentType,
    JobLocation,
    JobPosting,
    JobSkill,
    Seniority,
    WorkplaceType,
)

logger = logging.getLogger(__name__)

MAX_KEYWORD_CHARS = 100
# Keyword searches rank at most this many jobs; the other filters then narrow them.
MAX_KEYWORD_MATCHES = 1000
# How long the ids a keyword search matched are kept: the pages of one search, and the same
# words asked again (the "For you" shortcut searches a member's job title), ask the search once.
# Job entries are public, so the ids are the same for every viewer; the index itself follows
# edits through a background task, so a minute more changes little.
KEYWORD_MATCHES_SECONDS = 60
# A yearly salary above this is a typo, not a filter.
MAX_SALARY = 10_000_000
POSTED_WITHIN = {"1": "Past 24 hours", "7": "Past week", "30": "Past month"}
PARAMETERS = (
    "q",
    "country",
    "region",
    "remote",
    "type",
    "seniority",
    "industry",
    "salary",
    "posted",
    "skill",
)


@dataclass
class JobFilters:
    keywords: str = ""
    country: Country | None = None
    region: Region | None = None
    remote: bool = False
    employment_type: str = ""
    seniority: str = ""
    industry: Industry | None = None
    # The least yearly salary (the top of a job's range, in its own currency).
    min_salary: int | None = None
    posted_within: str = ""
    skill: JobSkill | None = None
    notes: list[str] = field(default_factory=list)

    # --- Reading and writing query strings ----------------------------------------------------

    @classmethod
    def from_querydict(cls, params) -> "JobFilters":
        """Filters from a QueryDict (or a plain dict); what makes no sense is dropped, with a note."""
        filters = cls()
        notes = filters.notes

        def read(name: str) -> str:
            # A saved search's filters come from a POST, which the middleware dropping NULs
            # from query strings does not see; PostgreSQL refuses a NUL in any text.
            return str(params.get(name, "")).replace("\x00", "")

        filters.keywords = " ".join(read("q").split())[:MAX_KEYWORD_CHARS]
        if code := read("country").strip()[:2].upper():
            filters.country = Country.objects.filter(code=code).select_related("region").first()
            if filters.country is None:
                notes.append("We don't know that country; showing every country.")
        if code := read("region").strip()[:12]:
            filters.region = Region.objects.filter(code__iexact=code).first()
            if filters.region is None:
                notes.append("We don't know that region; showing every region.")
        filters.remote = read("remote") in ("1", "on", "true")
        filters.employment_type = _choice(read("type"), EmploymentType, notes, "job type")
        filters.seniority = _choice(read("seniority"), Seniority, notes, "seniority")
        if slug := read("industry").strip()[:80]:
            filters.industry = Industry.objects.filter(slug=slug).first()
            if filters.industry is None:
                notes.append("We don't know that industry; showing every industry.")
        salary = read("salary").strip().replace(",", "")
        if salary:
            filters.min_salary = parse_positive_int(salary, maximum=MAX_SALARY)
            if filters.min_salary is None:
                notes.append("Write the minimum salary in digits (0-9) only, such as 50000.")
            elif filters.min_salary == 0:
                filters.min_salary = None
        posted = read("posted").strip()
        if posted in POSTED_WITHIN:
            filters.posted_within = posted
        elif posted:
            notes.append("Choose how recently jobs were posted from the list.")
        if slug := read("skill").strip()[:100]:
            filters.skill = JobSkill.objects.filter(slug=slug).first()
            if filters.skill is None:
                notes.append("No job asks for that skill yet; showing every skill.")
        return filters

    def to_querydict(self) -> QueryDict:
        """The filters in use as a query string (a QueryDict: `.urlencode()` for a link)."""
        values = {
            "q": self.keywords,
            "country": self.country.code if self.country else "",
            "region": self.region.code if self.region else "",
            "remote": "1" if self.remote else "",
            "type": self.employment_type,
            "seniority": self.seniority,
            "industry": self.industry.slug if self.industry else "",
            "salary": str(self.min_salary) if self.min_salary else "",
            "posted": self.posted_within,
            "skill": self.skill.slug if self.skill else "",
        }
        query = QueryDict(mutable=True)
        for name in PARAMETERS:
            if values[name]:
                query[name] = values[name]
        return query

    def query(self, **changes: str) -> str:
        """ "?q=…&page=2": the filters in use with some values changed ("" removes one)."""
        query = self.to_querydict()
        for name, value in changes.items():
            if value:
                query[name] = value
            else:
                query.pop(name, None)
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def active(self) -> bool:
        return bool(self.to_querydict())

    def describe(self) -> str:
        """What the filters ask for, in words (a saved search's name, the listing's heading)."""
        parts = []
        if self.keywords:
            parts.append(f"“{self.keywords}”")
        if self.seniority:
            parts.append(Seniority(self.seniority).label)
        if self.employment_type:
            parts.append(EmploymentType(self.employment_type).label)
        if self.skill:
            parts.append(self.skill.name)
        if self.industry:
            parts.append(self.industry.name)
        if self.remote:
            parts.append("remote")
        if self.country:
            parts.append(f"in {self.country.name}")
        elif self.region:
            parts.append(f"in {self.region.name}")
        if self.min_salary:
            parts.append(f"from {self.min_salary:,} a year")
        if self.posted_within:
            parts.append(POSTED_WITHIN[self.posted_within].lower())
        return " · ".join(parts) or "All jobs"

    # --- Using them ---------------------------------------------------------------------------

    def since(self, now: datetime.datetime | None = None) -> datetime.datetime | None:
        if not self.posted_within:
            return None
        return (now or timezone.now()) - datetime.timedelta(days=int(self.posted_within))

    def apply(self, postings: QuerySet[JobPosting], *, viewer) -> QuerySet[JobPosting]:
        """The postings that match, with keywords ranked by the community search."""
        if self.keywords:
            postings = self._with_keywords(postings, viewer)
        if self.country:
            postings = postings.filter(_in_countries(Q(country=self.country), self.country))
        elif self.region:
            postings = postings.filter(
                _in_countries(Q(country__region=self.region), region=self.region)
            )
        if self.remote:
            postings = postings.filter(workplace_type=WorkplaceType.REMOTE)
        postings = filter_given(
            postings,
            employment_type=self.employment_type,
            seniority=self.seniority,
            industry=self.industry,
        )
        if self.min_salary:
            postings = postings.filter(salary_max_yearly__gte=self.min_salary)
        if since := self.since():
            postings = postings.filter(posted_at__gte=since)
        if self.skill:
            postings = postings.filter(
                Exists(
                    JobPosting.skills.through.objects.filter(
                        content_object=OuterRef("pk"), tag=self.skill
                    )
                )
            )
        return postings

    def _with_keywords(self, postings: QuerySet[JobPosting], viewer) -> QuerySet[JobPosting]:
        try:
            pks = _keyword_matches(self.keywords, viewer)
        except Exception:
            # The board still answers when search cannot: titles are matched in the database.
            logger.warning("Job search unavailable; matching titles instead", exc_info=True)
            words = Q()
            for word in self.keywords.split()[:8]:
                words &= Q(title__icontains=word)
            return postings.filter(words)
        if pks is None:
            return postings
        return postings.filter(pk__in=pks)

    def matches(self, posting: JobPosting, *, now: datetime.datetime | None = None) -> bool:
        """Whether the posting meets every filter (for job alerts; relations loaded, see above)."""
        locations = list(posting.locations.all())
        remote = list(posting.remote_countries.all())
        if self.country and not (
            any(place.country_id == self.country.code for place in locations)
            or any(country.code == self.country.code for country in remote)
        ):
            return False
        if (
            self.region
            and not self.country
            and not (
                any(place.country.region_id == self.region.pk for place in locations)
                or any(country.region_id == self.region.pk for country in remote)
            )
        ):
            return False
        checks = (
            not self.remote or posting.workplace_type == WorkplaceType.REMOTE,
            not self.employment_type or posting.employment_type == self.employment_type,
            not self.seniority or posting.seniority == self.seniority,
            not self.industry or posting.industry_id == self.industry.pk,
            not self.min_salary or (posting.salary_max_yearly or 0) >= self.min_salary,
            not self.posted_within
            or (posting.posted_at is not None and posting.posted_at >= self.since(now)),
            not self.skill or any(skill.pk == self.skill.pk for skill in posting.skills.all()),
        )
        if not all(checks):
            return False
        return not self.keywords or _has_words(posting, self.keywords)


def _keyword_matches(keywords: str, viewer) -> list[int] | None:
    """The ids of the jobs the search matches, best first (None: no word to search for)."""
    digest = hashlib.sha256(keywords.casefold().encode()).hexdigest()
    key = f"careers:keyword-matches:{digest}"
    kept = cache.get(key)
    if kept is not None:
        return kept["pks"]
    pks = matching_ids("job", keywords, viewer=viewer, limit=MAX_KEYWORD_MATCHES)
    cache.set(key, {"pks": pks}, KEYWORD_MATCHES_SECONDS)
    return pks


def _choice(value: str, choices, notes: list[str], label: str) -> str:
    value = value.strip()
    if value and value not in choices.values:
        notes.append(f"Choose the {label} from the list; showing every {label}.")
        return ""
    return value


def _in_countries(place: Q, country: Country | None = None, region: Region | None = None) -> Q:
    """Based there, or remote and open to applicants there."""
    based = Exists(JobLocation.objects.filter(place, posting=OuterRef("pk")))
    remote_from = JobPosting.remote_countries.through.objects.filter(jobposting=OuterRef("pk"))
    if country is not None:
        remote_from = remote_from.filter(country=country)
    else:
        remote_from = remote_from.filter(country__region=region)
    return Q(based) | Q(Exists(remote_from))


def _has_words(posting: JobPosting, keywords: str) -> bool:
    text = " ".join(
        [
            posting.title,
            posting.description_source,
            posting.company.name,
            *(skill.name for skill in posting.skills.all()),
        ]
    ).casefold()
    return all(word.casefold() in text for word in keywords.split())
