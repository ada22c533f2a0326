"""What keeps the demo's console and error pages like the real site's, although DEBUG is on
(DEBUG stays on in the demo so static and media files are served without a collectstatic
step, and the admin and the live pushes work as they do in development).

- `SiteNotFoundMiddleware`: a missing page shows the site's own 404 page, not Django's debug
  page (Django shows its technical 404 whenever DEBUG is on, so the response is made here).
- `QuietAssets`: the access log leaves out static and media files served fine, so each page
  a visitor opens is one line.
"""

import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.views.defaults import page_not_found

from .middleware import HookMiddleware

ASSET_PREFIXES = ("/static/", "/media/", "/favicon.ico")


class SiteNotFoundMiddleware(HookMiddleware):
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
