"""Per-member rate limits on writes, counted in the shared cache (Redis in production).

While Redis is unreachable these limits fail OPEN (see check_rate). allauth's own limits on
signing in, signing up and password resets fail CLOSED: they answer 429 until Redis is back,
because they are what stands between an account and password guessing.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


class RateLimited(Exception):
    """Raised when a member has done something too often; the message says when to retry."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _limit(scope: str) -> tuple[int, int]:
    count, seconds = settings.RATE_LIMITS[scope].split("/")
    return int(count), int(seconds)


def check_rate(*, scope: str, member) -> None:
    """Count one more `scope` action by the member; raise RateLimited past the limit.

    Community managers are never limited. A fixed window per member keeps it to one atomic
    increment.

    These limits fail OPEN: while the cache (Redis) is unreachable the action is allowed, not
    refused, because they slow spam down rather than guard anything. The Redis backend answers a
    failed increment with None (see CACHES in settings); ValueError means the counter vanished
    between add and incr (evicted or expired).
    """
    if member.is_community_manager:
        return
    allowed, seconds = _limit(scope)
    window = int(time.time() // seconds)
    key = f"ratelimit:{scope}:{member.pk}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:
        used = None
    if used is None:
        logger.debug("Rate limit for %s not checked: cache unavailable", scope)
        return
    if used > allowed:
        retry_after = seconds - int(time.time()) % seconds
        minutes = max(1, round(retry_after / 60))
        raise RateLimited(
            f"You're doing that a lot. Please wait about {minutes} minute"
            f"{'s' if minutes != 1 else ''} and try again.",
            retry_after=retry_after,
        )
