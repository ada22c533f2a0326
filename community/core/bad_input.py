"""Refuse NUL characters in the address and query string, once, before any view reads them.

PostgreSQL text cannot hold a NUL byte: a "%00" in a search box, a tag filter or a member's
handle reaches a query and fails it with a 500. Forms already refuse NULs in what they read
(with a message next to the field); this covers every value a view reads straight from the
address, which no browser sends from anything a member typed.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

MESSAGE = (
    "This address contains a NUL character (%00), which no page accepts. Remove it and try again."
)


class RejectNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
