"""The shape every backend answers in, and what the results page is built from."""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .documents import HIGHLIGHT_END, HIGHLIGHT_START, Shown, words
from .query import MAX_PAGES


@dataclass
class Hit(Shown):
    excerpt: str = ""
    # From the hit's search type, set by the search service: its label, the text of the hit's
    # badge, and what its heading is shown after.
    kind_label: str = ""
    badge_label: str = ""
    heading_prefix: str = ""
    # The heading with the words that matched marked, set by the search service.
    heading_marked: str = ""

    @property
    def heading_html(self) -> SafeString:
        return highlight(self.heading_marked or self.heading)

    @property
    def excerpt_html(self) -> SafeString:
        return highlight(self.excerpt)


@dataclass
class FacetCount:
    value: str
    count: int


@dataclass
class BackendResults:
    """What a backend returns: one page of hits, the total, and facet counts by facet name."""

    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetCount]]
    tag_names: dict[str, str] = field(default_factory=dict)
    # The page served, when the backend moved a request past the last page back to it.
    page: int | None = None
    # More matched than were counted: the total and the facet counts are "at least".
    total_is_lower_bound: bool = False
    # The words were too common to match in every post, so only titles and tags were searched.
    headline_only: bool = False


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def has_selection(self) -> bool:
        return any(value.selected for value in self.values)


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: list[Facet]
    page: int
    per_page: int
    # The search engine could not be reached and the database answered instead.
    degraded: bool = False
    # No result had every word, so these have some of them.
    relaxed: bool = False
    # There are more results than `total` (and the facets) counted.
    total_is_lower_bound: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, min(MAX_PAGES, -(-self.total // self.per_page)))

    @property
    def first_position(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def last_position(self) -> int:
        return (self.page - 1) * self.per_page + len(self.hits)


@dataclass
class Suggestion:
    kind: str
    label: str
    url: str
    object_id: int | None = None
    detail: str = ""


def highlight(text: str) -> SafeString:
    """Escape the text, then turn the backend's markers into <mark> tags."""
    escaped = str(escape(text))
    unclosed = escaped.count(HIGHLIGHT_START) - escaped.count(HIGHLIGHT_END)
    if unclosed < 0:
        escaped = escaped.replace(HIGHLIGHT_END, "")
        unclosed = escaped.count(HIGHLIGHT_START)
    escaped += HIGHLIGHT_END * unclosed
    return mark_safe(  # noqa: S308 - escaped above; only our own markers become tags
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_END, "</mark>")
    )


def mark_words(text: str, terms: list[str]) -> str:
    """`text` with the words that match a search term between markers: short terms whole (or
    plural), longer ones by their first letters (a crude stem: "configure" marks "configuring")."""
    if not terms:
        return text

    def matches(word: str) -> bool:
        for term in terms:
            if len(term) <= 4:
                if word in (term, f"{term}s", f"{term}es"):
                    return True
            elif word.startswith(term[: max(4, len(term) - 2)]):
                return True
        return False

    marked, position = [], 0
    for word in words(text):
        start = text.index(word, position)
        marked.append(text[position:start])
        if matches(word.lower()):
            marked.append(f"{HIGHLIGHT_START}{word}{HIGHLIGHT_END}")
        else:
            marked.append(word)
        position = start + len(word)
    marked.append(text[position:])
    return "".join(marked)
