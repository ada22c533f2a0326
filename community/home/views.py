"""The welcome page a new member lands on after signing up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import onboarding
from .forms import FollowCategoriesForm


def _welcome_page(
    request: HttpRequest, form: FollowCategoriesForm, *, status: int = 200
) -> HttpResponse:
    member = request.user
    post_url, post_category = onboarding.first_post_url(member)
    context = {
        "form": form,
        "categories": form.offered,
        "ticked": {str(value) for value in form["categories"].value() or []},
        "steps": {step.key: step for step in onboarding.steps_for(member)},
        "post_url": post_url,
        "post_category": post_category,
    }
    return render(request, "members/onboarding.html", context, status=status)


@login_required
def welcome(request: HttpRequest) -> HttpResponse:
    """Three steps: follow categories (those that fit the member ticked), profile, first post."""
    offered = onboarding.categories_to_follow(request.user)
    if request.method != "POST":
        # Until the member has chosen, the suggestions are ticked; afterwards, what they follow.
        following = [c for c in offered if c.following]
        ticked = following or [c for c in offered if c.suggested]
        form = FollowCategoriesForm(
            offered=offered, initial={"categories": [str(c.pk) for c in ticked]}
        )
        return _welcome_page(request, form)

    form = FollowCategoriesForm(request.POST, offered=offered)
    if not form.is_valid():
        messages.error(request, "Please check the categories you ticked; nothing was saved yet.")
        return _welcome_page(request, form, status=422)
    chosen = form.chosen()
    try:
        onboarding.follow_categories(member=request.user, offered=offered, chosen=chosen)
    except PermissionDenied as error:
        messages.error(request, str(error) or "You can't follow categories right now.")
        return _welcome_page(request, form, status=403)
    if chosen:
        messages.success(
            request,
            f"You follow {len(chosen)} categor{'y' if len(chosen) == 1 else 'ies'}: "
            "their new topics will reach your notifications.",
        )
    else:
        messages.success(request, "You follow no categories for now; you can change it any time.")
    return redirect(reverse("home:welcome") + "#welcome-profile")


@login_required
@require_POST
def dismiss_welcome(request: HttpRequest) -> HttpResponse:
    onboarding.dismiss(request.user)
    messages.success(
        request, "Checklist closed. The welcome page stays at /welcome/ if you need it."
    )
    return redirect("/")
