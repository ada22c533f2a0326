"""Search across the community: the one module content apps import from.

Content apps describe their content with a `SearchType` (see `registry.py` for what it may
declare), build `SearchDocument`s with the helpers below, and declare it in their contributions
module; their services call `index_later(obj)` after a change, and `keep_pages_indexed()` follows
Wagtail pages as editors publish them. Pages call `services.search()` and
`services.suggest()`. See `backends/` for the database and Elasticsearch backends.
"""

from collections.abc import Iterable

from .documents import PUBLIC, SearchDocument, Tag, group_access, plain_text
from .page_signals import keep_pages_indexed
from .registry import PageSearchType, SearchType, pk_batches


def index_later(*objects) -> None:
    """Update these objects' index entries after the current transaction commits."""
    from .indexing import index_later as _index_later

    _index_later(*objects)


def remove_later(*objects) -> None:
    """Take these objects out of the index after the current transaction commits."""
    from .indexing import remove_later as _remove_later

    _remove_later(*objects)


def index_pks_later(kind: str, pks: Iterable[int]) -> None:
    """Update the entries of these rows of one search type after the current transaction
    commits, without loading them (for changes that reach many rows at once)."""
    from .indexing import index_pks_later as _index_pks_later

    _index_pks_later(kind, pks)


def matching_ids(
    kind: str, text: str, *, viewer, statuses: tuple[str, ...] = (), limit: int = 500
) -> list[int] | None:
    """The ids of one type's rows matching `text`, best first (see services.matching_ids)."""
    from .services import matching_ids as _matching_ids

    return _matching_ids(kind, text, viewer=viewer, statuses=statuses, limit=limit)


__all__ = [
    "pk_batches",
    "PUBLIC",
    "PageSearchType",
    "SearchDocument",
    "SearchType",
    "Tag",
    "group_access",
    "index_later",
    "index_pks_later",
    "keep_pages_indexed",
    "matching_ids",
    "plain_text",
    "remove_later",
]
