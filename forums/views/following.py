"""Following a topic or a category, from the follow buttons (script or plain form)."""

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from community.core import errors
from community.core.errors import wants_json

from .. import services
from ..permissions import visible_categories
from .common import login_url, visible_topic_or_404


def _set_following(
    request: HttpRequest, *, back: str, follow, unfollow, said: tuple[str, str]
) -> HttpResponse:
    """Follow, or stop following when the button sends follow=off; answer with the new state as
    JSON for the button's script, or as a message on the page `back` names. `said` is what the
    member reads after following and after stopping."""
    if not request.user.is_authenticated:
        if wants_json(request):
            return JsonResponse({"error": "Sign in to follow."}, status=401)
        return redirect(login_url(back))
    errors.return_to(request, back)
    following = request.POST.get("follow") != "off"
    (follow if following else unfollow)(member=request.user)
    message = said[0] if following else said[1]
    if wants_json(request):
        return JsonResponse({"following": following, "message": message})
    messages.success(request, message)
    return redirect(back)


@require_POST
def follow_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = visible_topic_or_404(request, pk)
    return _set_following(
        request,
        back=topic.get_absolute_url(),
        follow=partial(services.follow_topic, topic=topic),
        unfollow=partial(services.unfollow_topic, topic=topic),
        said=(
            "Following: you'll hear about new replies in this topic.",
            "You stopped following this topic.",
        ),
    )


@require_POST
def follow_category(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(visible_categories(request.user), pk=pk)
    return _set_following(
        request,
        back=category.url,
        follow=partial(services.follow_category, category=category),
        unfollow=partial(services.unfollow_category, category=category),
        said=(
            f"Following {category.title}: you'll hear about new topics there.",
            f"You stopped following {category.title}.",
        ),
    )
