"""Page links under a paginated list, in the shape templates/includes/pagination.html reads."""

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page


def page_links(page: Page, url: Callable[[int], str], *, on_ends: int = 2) -> dict[str, Any]:
    """Previous and next, and the numbers around the current page with `on_ends` at either end;
    an empty entry stands where numbers are left out. `url(number)` links to a page."""
    window = page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=on_ends)
    return {
        "previous": url(page.previous_page_number()) if page.has_previous() else None,
        "next": url(page.next_page_number()) if page.has_next() else None,
        "numbers": [
            {"number": number, "url": url(number), "current": number == page.number}
            if isinstance(number, int)
            else {}
            for number in window
        ],
    }
