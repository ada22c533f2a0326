"""Suggestions while typing, as JSON: members to mention, tags to add."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from .. import selectors


@require_GET
def suggest_members(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"members": selectors.member_suggestions(request.GET.get("q", ""))})


@require_GET
def suggest_tags(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"tags": selectors.tag_suggestions(request.GET.get("q", ""), viewer=request.user)}
    )
