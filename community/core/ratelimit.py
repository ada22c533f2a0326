"""Per-member rate limits on writes, counted in the shared cache (Redis in production)."""

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
    increment; if the cache is down the action is allowed rather than refused.
    """
    if member.is_community_manager:
        return
    allowed, seconds = _limit(scope)
    window = int(time.time() // seconds)
    key = f"ratelimit:{scope}:{member.pk}:{window}"
    try:
        cache.add(key, 0, timeout=seconds + 1)
        used = cache.incr(key)
    except Exception:  # noqa: BLE001 - an unreachable cache must not block members
        logger.warning("Rate limit for %s not checked: cache unavailable", scope, exc_info=True)
        return
    if used > allowed:
        retry_after = seconds - int(time.time()) % seconds
        minutes = max(1, round(retry_after / 60))
        raise RateLimited(
            f"You're doing that a lot. Please wait about {minutes} minute"
            f"{'s' if minutes != 1 else ''} and try again.",
            retry_after=retry_after,
        )
