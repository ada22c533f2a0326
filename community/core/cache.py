"""The Redis client behind the cache: an unreachable or hung Redis costs one timeout, then none.

django-redis (with IGNORE_EXCEPTIONS) turns a connection error or timeout into a cache miss, so no
page fails because of the cache. That alone still lets a hung Redis cost every cache call its full
socket timeout, and a page makes several; so after one failure this process skips Redis for a
few seconds and answers misses at once, then tries again. One warning is logged per outage, not
one per call.
"""

import logging
import threading
import time
from typing import Any

import redis

logger = logging.getLogger(__name__)

#: Seconds to skip Redis after a failure, unless the cache's REDIS_CLIENT_KWARGS say otherwise.
DEFAULT_RETRY_AFTER = 2.0


class _Outage:
    """Per process: when Redis last failed, and until when to leave it alone."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.skip_until = 0.0
        self.failing = False

    def skipping(self) -> bool:
        return time.monotonic() < self.skip_until

    def failed(self, error: Exception, retry_after: float) -> None:
        with self._lock:
            if not self.failing:
                logger.warning(
                    "Cache unavailable (%s: %s); serving cache misses, retrying every %.1f s",
                    type(error).__name__,
                    error,
                    retry_after,
                )
            self.failing = True
            self.skip_until = time.monotonic() + retry_after

    def succeeded(self) -> None:
        if not self.failing:
            return
        with self._lock:
            if self.failing:
                self.failing = False
                logger.info("Cache reachable again")


outage = _Outage()


def redis_cache(
    url: str, *, key_prefix: str, socket_timeout: float, retry_after: float = DEFAULT_RETRY_AFTER
) -> dict[str, Any]:
    """The CACHES entry for a Redis cache that degrades to misses instead of failing."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            # Every cache call, in our code and in Django's, Wagtail's and allauth's: an error
            # reaching Redis reads as a miss (None from incr/add) instead of raising.
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": socket_timeout,
            "SOCKET_TIMEOUT": socket_timeout,
            "REDIS_CLIENT_CLASS": "community.core.cache.DegradingRedis",
            "REDIS_CLIENT_KWARGS": {"retry_after": retry_after},
        },
    }


class DegradingRedis(redis.Redis):
    """A redis-py client that stops calling a failing Redis for `retry_after` seconds.

    Used as django-redis' REDIS_CLIENT_CLASS; the errors it raises are the ones django-redis
    already turns into misses.
    """

    def __init__(self, *args: Any, retry_after: float = DEFAULT_RETRY_AFTER, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after

    def execute_command(self, *args: Any, **options: Any) -> Any:
        if outage.skipping():
            raise redis.ConnectionError("skipped: the cache failed moments ago")
        try:
            result = super().execute_command(*args, **options)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            outage.failed(error, self.retry_after)
            raise
        outage.succeeded()
        return result

    def pipeline(self, transaction: bool = True, shard_hint: Any = None) -> Any:
        if outage.skipping():
            raise redis.ConnectionError("skipped: the cache failed moments ago")
        return super().pipeline(transaction=transaction, shard_hint=shard_hint)
