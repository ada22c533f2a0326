"""The /events/ listing's filter menus: each filter's choices as options that know whether the
reader picked them, so the template draws every menu with the same markup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.formats import date_format

if TYPE_CHECKING:
    from .selectors import EventFilters


# One choice of a menu: (value, label, whether the reader's filters hold it), like Django's
# (value, label) choices with the pick added.
FilterOption = tuple[str, str, bool]


@dataclass(frozen=True)
class FilterMenu:
    name: str
    label: str
    any_label: str
    options: list[FilterOption]
    # "Near me" stands for the region, so the region menu waits while it is ticked.
    disabled: bool = False


def _rows(rows, value: str, label: str, chosen) -> list[FilterOption]:
    """Options for model rows (chapters, regions, tags, industries), the chosen one by its id."""
    chosen_pk = chosen.pk if chosen is not None else None
    return [(getattr(row, value), getattr(row, label), row.pk == chosen_pk) for row in rows]


def _pairs(pairs, chosen: str) -> list[FilterOption]:
    """Options for (value, label) choices such as formats and audiences."""
    return [(value, label, value == chosen) for value, label in pairs]


def filter_menus(choices: dict[str, Any], filters: EventFilters) -> list[FilterMenu]:
    """The menus of the filter form, in the order the form shows them."""
    chapters = _rows(choices["chapters"], "slug", "title", filters.chapter)
    regions = _rows(choices["regions"], "code", "name", filters.region)
    tags = _rows(choices["tags"], "slug", "name", filters.tag)
    industries = _rows(choices["industries"], "slug", "name", filters.industry)
    months = [
        (month.strftime("%Y-%m"), date_format(month, "F Y"), month == filters.month)
        for month in choices["months"]
    ]
    return [
        FilterMenu("format", "Format", "Any format", _pairs(choices["formats"], filters.format)),
        FilterMenu("chapter", "Chapter", "Any chapter", chapters),
        FilterMenu("region", "Region", "Any region", regions, disabled=filters.near),
        FilterMenu("month", "Month", "Any month", months),
        FilterMenu("tag", "Tag", "Any tag", tags),
        FilterMenu("industry", "Industry", "Any industry", industries),
        FilterMenu(
            "audience", "Audience", "B2B or B2C", _pairs(choices["audiences"], filters.audience)
        ),
    ]
