"""What the site's own middleware shares."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class HookMiddleware:
    """Middleware that lets every request through and acts only in the hooks Django calls
    around the view (`process_view`, `process_exception`), which subclasses define."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)
