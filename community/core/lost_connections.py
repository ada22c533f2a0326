"""A page read whose database connection is cut mid-request is read again, once.

A PostgreSQL restart or failover terminates every open connection. The pool checks a connection
before lending it, so requests that start afterwards get a fresh one; but a request that already
holds one when the server goes down fails on its next query, and the visitor got a 500 (a few per
restart under load). Reading a page has no effect worth protecting, so a GET or HEAD that fails
this way runs its view once more on a new connection (the pool waits for the server to be back,
up to DATABASE_POOL_TIMEOUT). Writes are never repeated: whether the first attempt committed is
unknown, so they keep failing loudly.
"""

import contextlib
import logging
from asyncio import iscoroutinefunction

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

from .middleware import HookMiddleware

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD"})


class RetryReadsOnLostConnectionMiddleware(HookMiddleware):
    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if (
            request.method not in SAFE_METHODS
            or not isinstance(exception, (OperationalError, InterfaceError))
            or getattr(request, "_read_retried", False)
            or request.resolver_match is None
            or iscoroutinefunction(request.resolver_match.func)
            or any(connection.in_atomic_block for connection in connections.all())
        ):
            return None
        request._read_retried = True
        logger.warning(
            "Database connection lost during %s %s (%s); reading it again",
            request.method,
            request.path,
            (str(exception).strip() or type(exception).__name__).splitlines()[0],
        )
        _close_connections()
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        return response


def _close_connections() -> None:
    # The pool discards a broken connection when it comes back; closing one can raise again.
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            connection.close()
