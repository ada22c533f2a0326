"""Small queryset helpers the listings share."""

from typing import Any, TypeVar

from django.db.models import QuerySet

Q_ = TypeVar("Q_", bound=QuerySet)


def filter_given(queryset: Q_, **lookups: Any) -> Q_:
    """Filter by the lookups that have a value: a filter the member left empty matches
    everything. Each lookup names a different relation, so one `filter()` call means the same
    as one call per lookup."""
    given = {lookup: value for lookup, value in lookups.items() if value}
    return queryset.filter(**given) if given else queryset
