"""Refusals become HTTP responses here, in one place, whichever view a service refused in.

Services refuse by raising; views let the error through and `DomainErrorMiddleware` answers:

- PermissionDenied, whose message is the reason: 403;
- Rejected, input that breaks a rule (a post the spam screen refuses, a draft too large): 422,
  or the status the subclass names;
- RateLimited: 429 with Retry-After;
- a database pool that found no free connection in time: 503 with Retry-After, instead of 500.

A script that asked for JSON gets `{"error": reason}`. A browser is sent back, with the reason as
a message, to the page the view named with `return_to()`; without one, and always for 429 and
503 (clients back off on the status, which a redirect would hide), it gets an error page.

A view that must show its form again with the reason keeps its one `except REFUSALS`, lets JSON
requests through with a bare `raise`, and gives its page the right status with `refused_page()`;
`form_refused()` does all three for a form shown again on its own template.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from psycopg_pool import PoolTimeout

from .middleware import HookMiddleware
from .ratelimit import RateLimited

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait when no database connection was free: the pool's own wait
# has already passed, and a busy moment is usually over within a few seconds.
DATABASE_BUSY_RETRY_AFTER = 5
DATABASE_BUSY_MESSAGE = "The site is very busy right now. Please try again in a few seconds."
DEFAULT_REASON = "You can't do that."


class Rejected(Exception):
    """Input that breaks a rule; the message tells the member which, and nothing is saved."""

    status = 422


# What a view showing its form again catches: everything the middleware would answer for it.
REFUSALS = (PermissionDenied, Rejected, RateLimited)


def wants_json(request: HttpRequest) -> bool:
    """Whether the client is a script that reads JSON (the site's fetch calls ask for it)."""
    return "application/json" in request.headers.get("Accept", "")


def return_to(request: HttpRequest, url: str) -> None:
    """Where a browser goes back, with the reason as a message, if this request is refused."""
    request.refused_return_to = url


def status_for(error: Exception) -> int:
    if isinstance(error, RateLimited):
        return 429
    if isinstance(error, Rejected):
        return error.status
    return 403


def reason_for(error: Exception) -> str:
    return str(error) or DEFAULT_REASON


def refused_page(response: HttpResponse, error: Exception) -> HttpResponse:
    """A page shown again because of `error`, with the status and headers the middleware gives."""
    response.status_code = status_for(error)
    _add_retry_after(response, error)
    return response


def form_refused(
    request: HttpRequest, error: Exception, *, form, template: str, context: dict
) -> HttpResponse:
    """The form's page again with the reason on the form, for a refusal caught in a view.

    A script asking for JSON gets the middleware's answer instead: the error goes on up.
    """
    if wants_json(request):
        raise error
    form.add_error(None, str(error))
    return refused_page(render(request, template, {**context, "form": form}), error)


def _add_retry_after(response: HttpResponse, error: Exception) -> None:
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.retry_after)


def refusal_response(request: HttpRequest, error: Exception) -> HttpResponse:
    """The answer to a request a service refused with `error`, one of REFUSALS."""
    status, reason = status_for(error), reason_for(error)
    back = getattr(request, "refused_return_to", None)
    if wants_json(request):
        response = JsonResponse({"error": reason}, status=status)
    elif status == 429:
        response = render(request, "429.html", {"reason": reason}, status=status)
    elif back:
        messages.error(request, reason)
        return HttpResponseRedirect(back)
    elif status == 403:
        # The context Django's own 403 handler gives the same template.
        response = render(request, "403.html", {"exception": reason}, status=status)
    else:
        response = render(request, "rejected.html", {"reason": reason}, status=status)
    _add_retry_after(response, error)
    return response


def is_pool_timeout(error: BaseException) -> bool:
    """Whether no pooled database connection was free in time (Django wraps psycopg's error)."""
    return isinstance(error, PoolTimeout) or (
        isinstance(error, OperationalError) and isinstance(error.__cause__, PoolTimeout)
    )


def database_busy_response(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        response = JsonResponse({"error": DATABASE_BUSY_MESSAGE}, status=503)
    else:
        # Rendered without the request: its context processors would need the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(DATABASE_BUSY_RETRY_AFTER)
    return response


class DomainErrorMiddleware(HookMiddleware):
    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, REFUSALS):
            return refusal_response(request, exception)
        if is_pool_timeout(exception):
            logger.warning(
                "No database connection free for %s %s; answered 503", request.method, request.path
            )
            return database_busy_response(request)
        return None
