"""The kinds of content in the index. Apps declare theirs as `search_types` in their contributions
module (see `community.core.extensions`); the search app knows nothing of them beyond this
interface."""

from collections.abc import Iterable, Iterator
from typing import Any

from community.core import extensions

from .documents import SearchDocument


class SearchType:
    """How one kind of content goes into the index, who may see it, and how its results read.

    Subclasses set `name` (the key prefix and the `type` facet value), `label` and
    `label_plural`, and implement `documents()` and `all_pks()`. Who may see which rows is what
    the model's content descriptor declares. The rest is optional:

    - `statuses`: the values this type's rows take in the shared "Status" facet, with their
      labels (solved/unsolved questions, upcoming/past events, open/closed jobs). Types may
      share values. `status(obj)` says which one a row has; `documents()` puts it in
      `SearchDocument.status`.
    - `badges`: the badges a result may wear (key -> text); `documents()` picks one per row in
      `SearchDocument.badge`.
    - `heading_prefix`: shown before a result's heading, for rows titled after another row.
    - `status_aliases`: older query-string names of the status facet that links still carry.
    """

    name: str = ""
    model: type | None = None
    label: str = ""
    label_plural: str = ""
    order: int = 100
    statuses: dict[str, str] = {}
    badges: dict[str, str] = {}
    heading_prefix: str = ""
    status_aliases: tuple[str, ...] = ()

    def documents(self, pks: list[int]) -> list[SearchDocument]:
        """Documents for those of `pks` that belong in the index now; the rest leave it."""
        raise NotImplementedError

    def all_pks(self, *, batch_size: int) -> Iterator[list[int]]:
        """Every primary key that may belong in the index, in batches (for rebuilds)."""
        raise NotImplementedError

    def visible_pks(self, viewer, pks: Iterable[int]) -> set[int]:
        """Those of `pks` the viewer may open right now (checked on every results page), as the
        model's content descriptor says."""
        descriptor = extensions.content_for(self.model)
        if descriptor is None:
            raise LookupError(f"{self.name} is searchable but its model has no content descriptor")
        return descriptor.openable_pks(viewer, set(pks))

    def status(self, obj: Any) -> str:
        """The row's value in the status facet (a key of `statuses`), or "" for none."""
        return ""


class PageSearchType(SearchType):
    """A search type of Wagtail pages: a rebuild reads every live page of `model`."""

    def all_pks(self, *, batch_size: int = 500) -> Iterator[list[int]]:
        yield from pk_batches(self.model.objects.live(), batch_size)


def get(name: str) -> SearchType | None:
    for search_type in extensions.search_types():
        if search_type.name == name:
            return search_type
    return None


def for_model(model: type) -> SearchType | None:
    for search_type in extensions.search_types():
        if search_type.model is not None and issubclass(model, search_type.model):
            return search_type
    return None


def all_types() -> list[SearchType]:
    return sorted(
        extensions.search_types(), key=lambda search_type: (search_type.order, search_type.name)
    )


def statuses() -> dict[str, str]:
    """Every status value some type declares, with its label (the first type to declare it wins)."""
    found: dict[str, str] = {}
    for search_type in all_types():
        for value, label in search_type.statuses.items():
            found.setdefault(value, label)
    return found


def status_aliases() -> tuple[str, ...]:
    return tuple(dict.fromkeys(alias for t in all_types() for alias in t.status_aliases))


def pk_batches(queryset, batch_size: int) -> Iterator[list[int]]:
    """The queryset's primary keys in ascending batches, each read by key (no OFFSET), for
    `SearchType.all_pks`."""
    last = 0
    while True:
        pks = list(
            queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not pks:
            return
        yield pks
        last = pks[-1]
