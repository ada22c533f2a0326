"""The kinds of content in the index. Content apps register theirs from their own `search.py`;
the search app knows nothing of them beyond this interface."""

from collections.abc import Iterable, Iterator

from .documents import SearchDocument


class SearchType:
    """How one kind of content goes into the index and who may see it.

    Subclasses set `name` (the key prefix and the `type` facet value), `label` and
    `label_plural`, and implement the three methods below.
    """

    name: str = ""
    model: type | None = None
    label: str = ""
    label_plural: str = ""
    order: int = 100

    def documents(self, pks: list[int]) -> list[SearchDocument]:
        """Documents for those of `pks` that belong in the index now; the rest leave it."""
        raise NotImplementedError

    def all_pks(self, *, batch_size: int) -> Iterator[list[int]]:
        """Every primary key that may belong in the index, in batches (for rebuilds)."""
        raise NotImplementedError

    def visible_pks(self, viewer, pks: Iterable[int]) -> set[int]:
        """Those of `pks` the viewer may open right now (checked on every results page)."""
        raise NotImplementedError


_types: dict[str, SearchType] = {}


def register(search_type: SearchType) -> SearchType:
    _types[search_type.name] = search_type
    return search_type


def get(name: str) -> SearchType | None:
    return _types.get(name)


def for_model(model: type) -> SearchType | None:
    for search_type in _types.values():
        if search_type.model is not None and issubclass(model, search_type.model):
            return search_type
    return None


def all_types() -> list[SearchType]:
    return sorted(_types.values(), key=lambda search_type: (search_type.order, search_type.name))
