"""Search across the community.

Content apps describe their content with a `SearchType` and `register_type()` it from their own
`search.py`; their services call `index_later(obj)` after a change. Pages call `services.search()`
and `services.suggest()`. See `backends/` for the database and Elasticsearch backends.
"""

from .registry import SearchType
from .registry import register as register_type


def index_later(*objects) -> None:
    """Update these objects' index entries after the current transaction commits."""
    from .indexing import index_later as _index_later

    _index_later(*objects)


def remove_later(*objects) -> None:
    """Take these objects out of the index after the current transaction commits."""
    from .indexing import remove_later as _remove_later

    _remove_later(*objects)


__all__ = ["SearchType", "index_later", "register_type", "remove_later"]
