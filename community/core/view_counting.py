"""Counting who reads what, the way the forums count a topic's views: a visitor counts once per
item per hour.

The first view in the hour claims a cache key with add(); later views find it taken and count
nothing, so a page read over and over costs at most one write per visitor and hour. While the
cache is unreachable add() answers as for a repeat view (the cache degrades to misses, see
`community.core.cache`): nothing is counted rather than everything, and the page is served.
"""

import hashlib
import logging
import re

from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)

VIEW_WINDOW_SECONDS = 60 * 60

# Crawlers, link previews and uptime checks say who they are; counting them would only add noise.
_ROBOT_AGENT = re.compile(r"bot|crawl|spider|slurp|preview|monitor|headless", re.IGNORECASE)


def visitor_key(request: HttpRequest) -> str:
    """Who is reading: the member, or a signed-out visitor by address and browser."""
    if request.user.is_authenticated:
        return f"member:{request.user.pk}"
    address = request.META.get("REMOTE_ADDR", "")
    agent = request.headers.get("User-Agent", "")[:200]
    # A stable digest (not hash(), which differs per process), so every worker agrees.
    return "guest:" + hashlib.sha256(f"{address}|{agent}".encode()).hexdigest()[:32]


def is_reader(request: HttpRequest) -> bool:
    """False for what only fetches the page without anyone reading it: a browser prefetching
    a link, a crawler, a HEAD request."""
    if request.method != "GET":
        return False
    purpose = request.headers.get("Sec-Purpose", "") or request.headers.get("Purpose", "")
    if "prefetch" in purpose or "prerender" in purpose:
        return False
    return not _ROBOT_AGENT.search(request.headers.get("User-Agent", ""))


def first_view(scope: str, item_pk: int, visitor: str) -> bool:
    """Whether this is the visitor's first view of the item in the hour (and so counts)."""
    try:
        added = cache.add(f"{scope}:view:{item_pk}:{visitor}", 1, timeout=VIEW_WINDOW_SECONDS)
    except Exception:
        # A cache that raises rather than degrading: the page matters more than the count.
        logger.warning("View of %s %s not counted: the cache failed", scope, item_pk, exc_info=True)
        return False
    return bool(added)
