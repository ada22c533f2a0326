"""Kudos on a topic or a reply, and the accepted answer of a question."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from community.core import errors
from community.core.errors import wants_json

from .. import services
from .common import login_url, reply_url, visible_reply_or_404, visible_topic_or_404


@require_POST
def topic_kudos(request: HttpRequest, pk: int) -> HttpResponse:
    topic = visible_topic_or_404(request, pk)
    return _toggle_kudos(request, topic.get_absolute_url(), topic=topic)


@require_POST
def reply_kudos(request: HttpRequest, pk: int) -> HttpResponse:
    found = visible_reply_or_404(request, pk)
    return _toggle_kudos(request, reply_url(found.topic, found), reply=found)


def _toggle_kudos(request: HttpRequest, back: str, **post) -> HttpResponse:
    if not request.user.is_authenticated:
        if wants_json(request):
            return JsonResponse({"error": "Sign in to give kudos."}, status=401)
        return redirect(login_url(back))
    errors.return_to(request, back)
    has_kudos, count = services.toggle_kudos(member=request.user, **post)
    if wants_json(request):
        return JsonResponse({"kudos": has_kudos, "count": count})
    return redirect(back)


@login_required
@require_POST
def accept_solution(request: HttpRequest, pk: int) -> HttpResponse:
    found = visible_reply_or_404(request, pk)
    errors.return_to(request, reply_url(found.topic, found))
    services.accept_solution(topic=found.topic, reply=found, member=request.user)
    messages.success(request, "Marked as the solution. Thanks for closing the loop!")
    return redirect(found.topic.get_absolute_url())


@login_required
@require_POST
def clear_solution(request: HttpRequest, pk: int) -> HttpResponse:
    topic = visible_topic_or_404(request, pk)
    errors.return_to(request, topic.get_absolute_url())
    services.clear_solution(topic=topic, member=request.user)
    messages.success(request, "The question is open again.")
    return redirect(topic.get_absolute_url())
