"""A search as a member asked for it: text, facet filters, sort and page, checked and bounded.

Everything here comes from the query string, so nothing is trusted: unknown facet values and
sorts are dropped with a note the page shows, long text is cut, and the page number is clamped.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from community.core.numbers import parse_page_number

from .documents import words

MAX_QUERY_CHARS = 200
MAX_TERMS = 32
MAX_TERM_CHARS = 64
MAX_TAGS = 5
MAX_VALUES_PER_FACET = 10
PER_PAGE = 20
# Deeper pages cost every engine more and help nobody: refining the search does.
MAX_PAGES = 50

SORTS = {"relevance": "Best match", "newest": "Newest first"}
DATE_RANGES = {
    "week": ("Past week", timedelta(days=7)),
    "month": ("Past month", timedelta(days=30)),
    "year": ("Past year", timedelta(days=365)),
}
AUDIENCES = {"b2b": "B2B", "b2c": "B2C"}

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "get",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "so",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "this",
        "to",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)

# Facet name -> label, in the order the page shows them.
FACETS = {
    "type": "Type",
    "tag": "Tags",
    "industry": "Industry",
    "region": "Region",
    "audience": "Audience",
    "status": "Status",
    "date": "Date",
}


@dataclass
class SearchRequest:
    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    # Match any of the words rather than all of them (similar questions; the relaxed retry).
    match_any: bool = False
    now: datetime = field(default_factory=timezone.now)
    notes: list[str] = field(default_factory=list)
    # The page asked for, which may be deeper than results go (see MAX_PAGES).
    requested_page: int | None = None
    # Names of the selected tags, as found when the request was checked.
    tag_names: dict[str, str] = field(default_factory=dict)
    # Match titles and tags only (a backend's choice for words too common to match everywhere).
    headline_only: bool = False

    @property
    def terms(self) -> list[str]:
        terms = [term[:MAX_TERM_CHARS].lower() for term in words(self.text)]
        if self.match_any:
            # "Any of the words" must not match every post containing "how" or "the".
            terms = [term for term in terms if term not in STOP_WORDS]
        return list(dict.fromkeys(terms))[:MAX_TERMS]

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def date_from(self) -> datetime | None:
        """The start of the widest date range asked for."""
        ranges = [DATE_RANGES[value][1] for value in self.filters.get("date", ())]
        return self.now - max(ranges) if ranges else None


@dataclass(frozen=True)
class FacetCatalog:
    """The values each facet accepts, with their labels, and the older names of facets."""

    types: dict[str, str]
    industries: dict[str, str]
    regions: dict[str, str]
    statuses: dict[str, str] = field(default_factory=dict)
    # Older query-string name -> facet: links made before a facet was renamed still work.
    aliases: dict[str, str] = field(default_factory=dict)

    def allowed(self, facet: str) -> dict[str, str] | None:
        """Accepted values and labels; None for tags, which are checked against the index."""
        return {
            "type": self.types,
            "industry": self.industries,
            "region": self.regions,
            "audience": AUDIENCES,
            "status": self.statuses,
            "date": {value: label for value, (label, _) in DATE_RANGES.items()},
        }.get(facet)


def parse_request(params, *, catalog: FacetCatalog, known_tags=None) -> SearchRequest:
    """A `SearchRequest` from query-string parameters (a QueryDict or a dict of lists).

    `known_tags(slugs)` returns {slug: name} for the tags that exist; unknown ones are dropped.
    """
    notes: list[str] = []
    text = " ".join(str(_first(params, "q")).split())
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] or text[:MAX_QUERY_CHARS]
        notes.append(f"Your search was shortened to its first {MAX_QUERY_CHARS} characters.")
    if text and not words(text):
        notes.append("Searches need at least one letter or digit; showing everything instead.")

    filters: dict[str, tuple[str, ...]] = {}
    tag_names: dict[str, str] = {}
    for facet in FACETS:
        given = list(_all(params, facet)) + [
            value
            for alias, target in catalog.aliases.items()
            if target == facet
            for value in _all(params, alias)
        ]
        values = [str(value).strip().lower() for value in given]
        values = list(dict.fromkeys(value for value in values if value))
        if not values:
            continue
        allowed = catalog.allowed(facet)
        if allowed is None:
            limit = MAX_TAGS
            tag_names = known_tags(values[:limit])
            accepted = [value for value in values if value in tag_names]
        else:
            limit = MAX_VALUES_PER_FACET
            accepted = [value for value in values if value in allowed]
        accepted = accepted[:limit]
        ignored = [value for value in values if value not in accepted]
        if ignored:
            shown = ", ".join(f"“{value[:40]}”" for value in ignored[:3])
            notes.append(f"{FACETS[facet]}: ignored {shown}, which matched nothing we know.")
        if accepted:
            filters[facet] = tuple(accepted)

    sort = str(_first(params, "sort") or "relevance")
    if sort not in SORTS:
        notes.append("Unknown sort order; showing the best matches first.")
        sort = "relevance"

    page = parse_page_number(str(_first(params, "page") or "1"))
    if page is None:
        page = 1
        notes.append("That page number made no sense; showing the first page.")
    return SearchRequest(
        text=text,
        filters=filters,
        sort=sort,
        page=min(page, MAX_PAGES),
        requested_page=page,
        notes=notes,
        tag_names=tag_names,
    )


def _all(params, name: str) -> list:
    if hasattr(params, "getlist"):
        return params.getlist(name)
    value = params.get(name, [])
    return value if isinstance(value, list | tuple) else [value]


def _first(params, name: str):
    values = _all(params, name)
    return values[0] if values else ""
