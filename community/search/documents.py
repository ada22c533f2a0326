"""What content apps hand to the search index: one `SearchDocument` per searchable thing."""

import html
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.html import strip_tags

from community.core.numbers import parse_positive_int

# Highlight markers the backends put around matched words. They are private-use characters,
# stripped from every indexed text, so a member's own text can never produce a highlight, and
# the excerpt is HTML-escaped before the markers become <mark> tags.
HIGHLIGHT_START = "\ue000"
HIGHLIGHT_END = "\ue001"

BODY_MAX_CHARS = 20_000
PUBLIC = "public"


def group_access(group_id: int) -> str:
    return f"group:{group_id}"


def plain_text(markup: str, *, limit: int = BODY_MAX_CHARS) -> str:
    """Readable text from rendered HTML: no tags, entities decoded, whitespace collapsed."""
    text = html.unescape(strip_tags(markup or ""))
    text = text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")
    return " ".join(text.split())[:limit]


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str


@dataclass
class Shown:
    """What a results page shows of one thing: a document carries it into the index, and a hit
    (see results.Hit) brings it back."""

    kind: str
    object_id: int
    heading: str
    url: str
    created_at: datetime
    context: str = ""
    author_name: str = ""
    tags: list[Tag] = field(default_factory=list)
    # A key of the search type's `statuses` ("" for none) and of its `badges` ("" for none).
    status: str = ""
    badge: str = ""

    @property
    def key(self) -> str:
        return make_key(self.kind, self.object_id)


@dataclass
class SearchDocument(Shown):
    """One searchable thing, flattened for the index.

    `title`, `tags` and `body` are searched (in that order of weight); `heading` and `context`
    are only shown. `access` lists who may see it: `PUBLIC`, or `group_access(id)` per group.
    """

    title: str = ""
    body: str = ""
    author_id: int | None = None
    industry: str = ""
    region: str = ""
    audience: str = ""
    access: list[str] = field(default_factory=lambda: [PUBLIC])
    boost: float = 1.0
    # Whether the tags' words are searched too, or only filter (replies filter by their topic's
    # tags, but a search for a tag should find the topic, not each of its replies).
    search_tags: bool = True

    @property
    def tags_text(self) -> str:
        return " ".join(tag.name for tag in self.tags) if self.search_tags else ""


def make_key(kind: str, object_id: int) -> str:
    return f"{kind}:{object_id}"


def split_key(key: str) -> tuple[str, int] | None:
    kind, _, object_id = key.partition(":")
    number = parse_positive_int(object_id)
    if not kind or number is None:
        return None
    return kind, number


WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of a query: letters and digits only, so nothing a member types is syntax."""
    return WORD.findall(text or "")
