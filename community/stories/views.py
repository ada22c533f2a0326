"""Story views, reached through the stories pages' routes (see pages.py)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from community.core import errors
from community.core.errors import wants_json
from community.members import selectors as member_selectors

from . import selectors, services
from .forms import StoryFilterForm
from .pages import StoryIndexPage, StoryPage


def story_index(request: HttpRequest, *, index: StoryIndexPage) -> HttpResponse:
    form = StoryFilterForm(request.GET)
    filters = form.filters()
    stories_page = selectors.paginate(selectors.story_listing(filters), request.GET.get("page"))
    kept = {
        name: request.GET[name]
        for name in ("industry", "region", "audience", "product", "tag", "kind")
        if request.GET.get(name) and name not in form.errors
    }
    segment = member_selectors.segment_of(request.user)
    choices = selectors.filter_choices()
    selectors.mark_aimed_at(stories_page.object_list, segment)
    context = {
        "page": index,
        "self": index,
        "form": form,
        "filters": filters,
        "filter_notes": form.notes(),
        "choices": choices,
        "segment_shortcuts": selectors.segment_shortcuts(segment, choices),
        "stories_page": stories_page,
        "query_string": urlencode(kept),
        "feed_url": index.url + (f"tags/{filters.tag.slug}/feed/" if filters.tag else "feed/"),
    }
    return TemplateResponse(request, index.get_template(request), context)


@require_POST
def recommend(request: HttpRequest, *, story: StoryPage) -> HttpResponse:
    back = story.url or "/"
    if not request.user.is_authenticated:
        if wants_json(request):
            return JsonResponse({"error": "Sign in to recommend stories."}, status=401)
        return redirect(f"{reverse('account_login')}?{urlencode({'next': back})}")
    # A browser without scripts goes back to the story, which shows why it was refused.
    errors.return_to(request, back)
    recommends, count = services.toggle_recommendation(member=request.user, story=story)
    if wants_json(request):
        return JsonResponse({"recommended": recommends, "count": count})
    return redirect(back)
