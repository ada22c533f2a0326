"""Following a topic or a category, from the follow buttons (script or plain form)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from community.core import errors
from community.core.errors import wants_json

from .. import services
from ..permissions import visible_categories
from .common import login_url, visible_topic_or_404


def _followed(request: HttpRequest, *, following: bool, message: str, back: str) -> HttpResponse:
    """The new follow state: as JSON for the button's script, or as a message on the page."""
    if wants_json(request):
        return JsonResponse({"following": following, "message": message})
    messages.success(request, message)
    return redirect(back)


def _sign_in_to_follow(request: HttpRequest, back: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"error": "Sign in to follow."}, status=401)
    return redirect(login_url(back))


@require_POST
def follow_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = visible_topic_or_404(request, pk)
    back = topic.get_absolute_url()
    if not request.user.is_authenticated:
        return _sign_in_to_follow(request, back)
    errors.return_to(request, back)
    following = request.POST.get("follow") != "off"
    if following:
        services.follow_topic(member=request.user, topic=topic)
    else:
        services.unfollow_topic(member=request.user, topic=topic)
    message = (
        "Following: you'll hear about new replies in this topic."
        if following
        else "You stopped following this topic."
    )
    return _followed(request, following=following, message=message, back=back)


@require_POST
def follow_category(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(visible_categories(request.user), pk=pk)
    if not request.user.is_authenticated:
        return _sign_in_to_follow(request, category.url)
    errors.return_to(request, category.url)
    following = request.POST.get("follow") != "off"
    if following:
        services.follow_category(member=request.user, category=category)
    else:
        services.unfollow_category(member=request.user, category=category)
    message = (
        f"Following {category.title}: you'll hear about new topics there."
        if following
        else f"You stopped following {category.title}."
    )
    return _followed(request, following=following, message=message, back=category.url)
