"""Template tags of the stories pages: the story's Schema.org
markup, filter links that keep the other filters, and a short run of page numbers."""

from typing import Any

from django import template
from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.utils.http import urlencode

from community.core.pagination import page_links
from community.core.templatetags.sharing import absolute, json_ld_script
from community.stories import partners, selectors
from community.stories.pages import StoryPage
from community.stories.selectors import StoryFilters

register = template.Library()


FILTER_NAMES = ("industry", "region", "audience", "product", "tag", "kind")


@register.simple_tag(takes_context=True)
def story_structured_data(context: template.Context, story: StoryPage, image_url: str = "") -> str:
    """The story's Schema.org Article as a JSON-LD script element."""
    request = context.get("request")
    data = selectors.structured_data(
        story,
        url=absolute(request, story.url or ""),
        image_url=absolute(request, image_url),
        publisher=context.get("SITE_NAME") or settings.SITE_NAME,
        tags=context.get("story_tags"),
    )
    return json_ld_script(data)


def _filter_values(filters: StoryFilters) -> dict[str, str]:
    values = {
        "industry": filters.industry.slug if filters.industry else "",
        "region": filters.region.code if filters.region else "",
        "audience": filters.audience,
        "product": filters.product.slug if filters.product else "",
        "tag": filters.tag.slug if filters.tag else "",
        "kind": filters.kind,
    }
    return {name: values[name] for name in FILTER_NAMES if values[name]}


@register.simple_tag
def filter_query(filters: StoryFilters, without: str = "") -> str:
    """ "?industry=…&region=…" for the filters in use, less the one named `without`
    ("" when nothing is left, so the link leads to the unfiltered listing)."""
    values = _filter_values(filters)
    values.pop(without, None)
    return f"?{urlencode(values)}" if values else ""


def _page_query(query_string: str, number: int) -> str:
    """The query of a listing page: the kept filters, and the page number from page 2 on."""
    parts = [part for part in (query_string, f"page={number}" if number > 1 else "") if part]
    return f"?{'&'.join(parts)}" if parts else ""


@register.simple_tag
def story_pages(stories_page: PaginatorPage, base_url: str, query_string: str) -> dict[str, Any]:
    """The page links under a grid of stories, in the shape includes/pagination.html reads:
    page numbers around the current one, with gaps where numbers are left out."""

    def url(number: int) -> str:
        return f"{base_url}{_page_query(query_string, number)}"

    return page_links(stories_page, url, on_ends=1)


@register.filter
def writes_for_a_partner(user) -> bool:
    """Whether the member menu offers the way into their partner section (no query)."""
    return bool(user.is_authenticated) and partners.writes_for_a_partner(user)
