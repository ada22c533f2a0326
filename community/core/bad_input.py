"""NUL characters in the address, dealt with once, before any view reads them.

PostgreSQL text cannot hold a NUL byte: a "%00" in a search box, a tag filter or a member's
handle reaches a query and fails it with a 500. No browser sends one from anything a member
typed, so NULs are dropped from the query string (the rest of what was asked for still works)
and an address whose path holds one is refused with a reason. Forms already refuse NULs in what
they read from a POST, with a message next to the field.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict

MESSAGE = "This address contains a NUL character (%00), which no page has. Remove it and try again."
NUL = "\x00"


class DropNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path_info:
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        if NUL in _flattened(request.GET):
            request.GET = _without_nul(request.GET)
        return self.get_response(request)


def _flattened(query: QueryDict) -> str:
    return "".join(key + "".join(values) for key, values in query.lists())


def _without_nul(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(key.replace(NUL, ""), [value.replace(NUL, "") for value in values])
    cleaned._mutable = False
    return cleaned
