"""Lists of topics: the forums page, a category's page and a tag's page."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .. import selectors
from ..forms import ListingFilterForm
from ..models import ForumCategoryPage, ForumIndexPage, ForumTag


def listing_context(
    request: HttpRequest,
    *,
    forum_index: ForumIndexPage | None,
    category: ForumCategoryPage | None,
    tag: ForumTag | None = None,
) -> dict:
    """Context for /forums/ (all categories, latest topics) and for one category's page."""
    form = ListingFilterForm(request.GET)
    filters = form.filters()
    after, before = form.cursors()
    page = selectors.topics_for_listing(
        viewer=request.user, category=category, filters=filters, after=after, before=before
    )
    context = {
        "topic_page": page,
        "filters": filters,
        "filter_query": filters.as_query(),
        "sort_labels": selectors.SORT_LABELS,
        "segment_labels": selectors.SEGMENT_LABELS,
        "can_post": request.user.is_authenticated,
    }
    if category is None:
        context["categories"] = selectors.categories_for_index(request.user)
        context["popular_tags"] = selectors.popular_tags()
    else:
        following = getattr(category, "viewer_follows", None)
        if following is None:  # previews and other paths that skip serve()
            following = selectors.is_following_category(request.user, category)
        context["is_following"] = following
    if filters.tag:
        context["tag"] = tag or selectors.visible_tag(request.user, filters.tag)
    return context


def tag_topics(request: HttpRequest, slug: str) -> HttpResponse:
    """/forums/tags/<slug>/: every visible topic with this tag."""
    tag = selectors.visible_tag(request.user, slug)
    if tag is None:
        raise Http404("No topics you can see carry this tag.")
    query = request.GET.copy()
    query["tag"] = tag.slug
    request.GET = query
    forum_index = ForumIndexPage.objects.live().first()
    if forum_index is None:
        raise Http404("The forums are not set up.")
    context = listing_context(request, forum_index=forum_index, category=None, tag=tag)
    context.update({"page": forum_index, "self": forum_index})
    return render(request, "forums/tag_topics.html", context)
