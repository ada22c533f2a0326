"""What keeps the demo's console and error pages like the real site's, although DEBUG is on
(DEBUG stays on in the demo so static and media files are served without a collectstatic
step, and the admin and the live pushes work as they do in development).

- `SiteNotFoundMiddleware`: a missing page shows the site's own 404 page, not Django's debug
  page (Django shows its technical 404 whenever DEBUG is on, so the response is made here).
- `QuietAssets`: the access log leaves out static and media files served fine, so each page
  a visitor opens is one line.
"""

import logging
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.views.defaults import page_not_found

ASSET_PREFIXES = ("/static/", "/media/", "/favicon.ico")


class SiteNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None


class QuietAssets(logging.Filter):
    """Drops access-log lines of static and media files answered 2xx or 304."""

    def filter(self, record: logging.LogRecord) -> bool:
        details = record.args if isinstance(record.args, dict) else {}
        path = str(details.get("path", ""))
        status = details.get("status")
        if path.startswith(ASSET_PREFIXES) and isinstance(status, int):
            return not (200 <= status < 300 or status == 304)
        return True
