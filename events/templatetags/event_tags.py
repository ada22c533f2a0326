"""Template tags of the events pages: times with their zone, the Schema.org markup, filter links
that keep the other filters, and page numbers under the listing."""

from typing import Any
from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.utils.http import urlencode

from community.core.pagination import page_links
from community.core.templatetags.sharing import absolute, json_ld_script
from events import display, selectors
from events.pages import ChapterPage, EventPage
from events.selectors import PAST, EventFilters

register = template.Library()


@register.simple_tag
def event_when(event: EventPage, zone: ZoneInfo | None = None) -> display.Times:
    """The event's times in the viewer's `zone` when it is known and another, with the event's
    own in `when.own`; in its own zone otherwise (`{% event_when event viewer_zone as when %}`)."""
    return display.shown_times(event, zone)


@register.simple_tag(takes_context=True)
def event_structured_data(
    context: template.Context,
    event: EventPage,
    chapter: ChapterPage | None = None,
    image_url: str = "",
) -> str:
    """The event's Schema.org Event as a JSON-LD script element."""
    request = context.get("request")
    data = selectors.structured_data(
        event,
        url=absolute(request, event.url or ""),
        image_url=absolute(request, image_url),
        organiser=context.get("SITE_NAME") or settings.SITE_NAME,
        chapter=chapter,
    )
    return json_ld_script(data)


def _values(filters: EventFilters, *, without: str = "", when: str = "") -> dict[str, str]:
    values = filters.values()
    values.pop(without, None)
    if (when or filters.when) == PAST:
        values = {"when": PAST, **values}
    return values


def _query(values: dict[str, str]) -> str:
    return f"?{urlencode(values)}" if values else ""


@register.simple_tag
def events_query(filters: EventFilters, without: str = "", when: str = "") -> str:
    """ "?when=past&format=…" for the tab and the filters in use, less the one named `without`;
    `when` switches the tab and keeps the filters."""
    return _query(_values(filters, without=without, when=when))


@register.simple_tag
def events_pages(events_page: PaginatorPage, base_url: str, filters: EventFilters) -> dict:
    """The page links under the listing, in the shape includes/pagination.html reads."""
    kept = _values(filters)

    def url(number: int) -> str:
        return base_url + _query({**kept, "page": str(number)} if number > 1 else kept)

    return page_links(events_page, url, on_ends=1)


@register.filter
def choice_label(value: str, choices: Any) -> str:
    """The label of `value` among Django choices (for the chips of filters in use)."""
    return dict(choices).get(value, value)
