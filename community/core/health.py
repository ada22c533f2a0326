"""Readiness checks for /healthz: can this process use each engine it depends on right now?"""

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from . import channel_layer

logger = logging.getLogger(__name__)

CHANNEL_LAYER_TIMEOUT = 2.0


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    backend: str
    detail: str = ""
    milliseconds: float = 0.0

    def as_dict(self) -> dict:
        state = {"ok": self.ok, "backend": self.backend, "ms": round(self.milliseconds, 1)}
        if self.detail:
            state["detail"] = self.detail
        return state


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    value = cache.get(key)
    cache.delete(key)
    if value != "ok":
        raise RuntimeError("a value written to the cache could not be read back")
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def check_channel_layer() -> str:
    if get_channel_layer() is None:
        raise RuntimeError("no channel layer is configured")
    return channel_layer.probe(CHANNEL_LAYER_TIMEOUT)


def check_search() -> str:
    if settings.COMMUNITY_SEARCH_BACKEND == "elasticsearch":
        from elasticsearch import Elasticsearch

        client = Elasticsearch(
            settings.ELASTICSEARCH_URL, request_timeout=settings.ELASTICSEARCH_TIMEOUT
        )
        if not client.ping():
            raise RuntimeError("Elasticsearch did not answer a ping")
        return "elasticsearch"
    # The database backend is usable whenever the database is; prove the search tables answer.
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    list(get_search_backend().search("healthz", Page.objects.all())[:1])
    return "database"


def check_tasks() -> str:
    """Fails when queued tasks wait longer than TASKS_STALE_SECONDS: no worker is draining them
    (search indexing and notification e-mail have stopped)."""
    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        return type(backend).__name__.removesuffix("Backend").lower()  # run inside the request
    cutoff = timezone.now() - timedelta(seconds=settings.TASKS_STALE_SECONDS)
    waiting = (
        DBTaskResult.objects.ready()
        .filter(backend_name=backend.alias, enqueued_at__lte=cutoff)
        .filter(Q(run_after=get_date_max()) | Q(run_after__lte=cutoff))
        .aggregate(count=Count("pk"), oldest=Min("enqueued_at"))
    )
    if waiting["count"]:
        minutes = max(1, round((timezone.now() - waiting["oldest"]).total_seconds() / 60))
        count = waiting["count"]
        raise RuntimeError(
            f"{count} task{'s' if count != 1 else ''} waiting, the oldest for {minutes} min:"
            " is the task worker running?"
        )
    return "database"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "search": check_search,
    "tasks": check_tasks,
}
#: Reported in /healthz but no reason to take this web process out of a load balancer: the
#: worker is another process, and the web node serves pages fine without it.
ADVISORY_CHECKS = frozenset({"tasks"})


def run_checks() -> dict[str, CheckResult]:
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            backend = check()
            results[name] = CheckResult(True, backend, milliseconds=_since(started))
        except Exception as exc:  # noqa: BLE001 - any failure means "not usable"; say which
            logger.warning("Health check %s failed: %s", name, exc)
            results[name] = CheckResult(
                False, "unavailable", f"{type(exc).__name__}: {exc}"[:300], _since(started)
            )
    return results


def _since(started: float) -> float:
    return (time.perf_counter() - started) * 1000
