"""Forum views: parse input, call one service or selector, render."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST
from taggit.utils import edit_string_for_tags

from community.core import drafts as core_drafts
from community.core.numbers import parse_page_number, parse_positive_int
from community.core.ratelimit import RateLimited
from community.moderation.trust import PostRejected

from . import drafts, permissions, selectors, services
from .forms import ListingFilterForm, NewTopicForm, ReplyForm, TopicForm
from .models import ForumCategoryPage, ForumIndexPage, ForumTag, Reply, Topic, Visibility
from .permissions import is_manager, visible_categories

# Reply numbers are stored in a 32-bit column.
MAX_REPLY_NUMBER = 2**31 - 1


def _login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?{urlencode({'next': next_url})}"


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _status_for(error: Exception) -> int:
    if isinstance(error, RateLimited):
        return 429
    if isinstance(error, PostRejected):
        return 422
    return 403


def _json_error(request: HttpRequest, error: Exception) -> JsonResponse | None:
    if not _wants_json(request):
        return None
    return JsonResponse({"error": str(error)}, status=_status_for(error))


def _with_retry_after(error: Exception, response: HttpResponse) -> HttpResponse:
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response


def _tell_if_held(request: HttpRequest, post) -> None:
    if post.visibility == Visibility.HELD:
        messages.info(
            request,
            "Thanks! A community manager will review your post before others can see it; "
            "you'll get a notification when it's approved.",
        )


def _forbidden(
    request: HttpRequest, error: Exception, fallback_url: str, *, status: int = 403
) -> HttpResponse:
    """Tell the member why they can't, as JSON for scripts or as a message on the page they were on.

    Browsers get the message on the page they came from, except for 429, which must reach them
    as a status so clients can back off.
    """
    reason = str(error) or "You can't do that."
    if _wants_json(request):
        response = JsonResponse({"error": reason}, status=status)
    elif status == 429:
        response = render(request, "429.html", {"reason": reason}, status=429)
    else:
        messages.error(request, reason)
        return redirect(fallback_url)
    return _with_retry_after(error, response)


# --- Listings ---------------------------------------------------------------------------


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


# --- Topics -----------------------------------------------------------------------------


def _visible_topic_or_404(request: HttpRequest, pk: int) -> Topic:
    try:
        return selectors.topic_for_viewer(request.user, pk)
    except Topic.DoesNotExist:
        raise Http404("No such topic.") from None


def topic_detail(request: HttpRequest, category: str, pk: int, slug: str = "") -> HttpResponse:
    try:
        topic = selectors.topic_for_viewer(request.user, pk)
    except Topic.DoesNotExist:
        topic = None
    if topic is None or topic.merged_into_id:
        # A merged topic's posts live on in the topic it was merged into; so do its links.
        target = selectors.merge_target_for(request.user, pk)
        if target is None:
            raise Http404("No such topic.")
        return redirect(target.get_absolute_url(), permanent=True)
    if category != topic.category.slug or slug != topic.slug:
        # Titles change and topics move; old links keep working.
        url = topic.get_absolute_url()
        if request.GET:
            url += "?" + request.GET.urlencode()
        return redirect(url, permanent=True)
    page_param = request.GET.get("page", "")
    thread = selectors.topic_thread(
        viewer=request.user,
        topic=topic,
        page=parse_page_number(page_param) or 1,
    )
    if (
        not page_param
        and request.user.is_authenticated
        and 0 < thread.last_read_number < topic.last_reply_number
    ):
        first_unread = thread.last_read_number + 1
        return redirect(
            f"{topic.get_absolute_url()}?page={selectors.page_of_reply(first_unread)}#reply-{first_unread}"
        )
    services.record_view(topic=topic, visitor_key=_visitor_key(request))
    if request.user.is_authenticated and thread.replies:
        last_seen = thread.replies[-1].number
        if last_seen > thread.last_read_number:
            services.mark_read(
                member=request.user,
                topic=topic,
                up_to=last_seen,
                first_read=topic.viewer_read_up_to is None,
            )
    reply_draft = core_drafts.load_draft(member=request.user, key=drafts.reply_key(topic.pk))
    return render(
        request,
        "forums/topic_detail.html",
        _topic_context(
            request,
            topic,
            thread,
            reply_form=ReplyForm(initial=reply_draft.payload if reply_draft else None),
            reply_draft=reply_draft,
        ),
    )


def replies_after(request: HttpRequest, pk: int) -> HttpResponse:
    """The replies after `?after=<number>`, as list items for a live topic page to append."""
    # Past the last reply is simply "nothing new"; past any reply number a client could hold, the
    # cursor is not one of ours.
    after = parse_positive_int(request.GET.get("after"))
    if after is None or after > MAX_REPLY_NUMBER:
        return HttpResponse("after must be a reply number.", status=400, content_type="text/plain")
    topic = _visible_topic_or_404(request, pk)
    thread = selectors.replies_after(viewer=request.user, topic=topic, after=after)
    if request.user.is_authenticated and thread.replies:
        services.mark_read(member=request.user, topic=topic, up_to=thread.replies[-1].number)
    response = render(
        request,
        "forums/includes/reply_items.html",
        _topic_context(request, topic, thread, reply_form=None),
    )
    response["X-Last-Reply-Number"] = str(topic.last_reply_number)
    return response


def _topic_context(
    request: HttpRequest,
    topic: Topic,
    thread,
    *,
    reply_form: ReplyForm,
    reply_draft=None,
    reply_preview: str | None = None,
) -> dict:
    user = request.user
    return {
        "reply_draft": reply_draft,
        "reply_draft_key": drafts.reply_key(topic.pk),
        "reply_preview": reply_preview,
        "topic": topic,
        "category": topic.category,
        "thread": thread,
        "replies": thread.replies,
        "reply_form": reply_form,
        "page_numbers": range(1, thread.page_count + 1),
        "viewer_is_manager": is_manager(user),
        "can_accept": user.is_authenticated
        and topic.is_question
        and (topic.author_id == user.pk or is_manager(user)),
        "tags_text": ", ".join(tag.name for tag in topic.tags.all()),
    }


def _visitor_key(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"member:{request.user.pk}"
    address = request.META.get("REMOTE_ADDR", "")
    agent = request.headers.get("User-Agent", "")[:200]
    # A stable digest (not hash(), which differs per process), so every worker agrees.
    return "guest:" + hashlib.sha256(f"{address}|{agent}".encode()).hexdigest()[:32]


def new_topic(request: HttpRequest, category: str = "") -> HttpResponse:
    """Start a topic, in a given category (/forums/<category>/new/) or choosing one (/forums/new/)."""
    if not request.user.is_authenticated:
        return redirect(_login_url(request.path))
    categories = list(visible_categories(request.user).order_by("path"))
    chosen = None
    if category:
        chosen = next((c for c in categories if c.slug == category), None)
        if chosen is None:
            raise Http404("No such forum category.")
    form_class = TopicForm if chosen else NewTopicForm
    extra = {} if chosen else {"categories": categories}
    key = drafts.new_topic_key(chosen.pk if chosen else None)
    context = {"category": chosen, "mode": "new", "draft_key": key}
    if request.method != "POST":
        draft = core_drafts.load_draft(member=request.user, key=key)
        initial = draft.payload if draft else {"title": request.GET.get("title", "")[:150]}
        form = form_class(initial=initial, **extra)
        return render(request, "forums/topic_form.html", {**context, "form": form, "draft": draft})
    if "preview" in request.POST or "save_draft" in request.POST:
        return _preview_or_save_draft(
            request,
            key=key,
            form=form_class(initial=request.POST.dict(), **extra),
            template="forums/topic_form.html",
            context=context,
        )
    form = form_class(request.POST, **extra)
    if not form.is_valid():
        return render(request, "forums/topic_form.html", {**context, "form": form}, status=422)
    if chosen is None:
        chosen = next(c for c in categories if c.pk == form.cleaned_data["category"])
    try:
        topic = services.create_topic(
            category=chosen,
            author=request.user,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            tags=form.cleaned_data["tags"],
        )
    except (PermissionDenied, RateLimited, PostRejected) as error:
        form.add_error(None, str(error))
        return _with_retry_after(
            error,
            _json_error(request, error)
            or render(
                request,
                "forums/topic_form.html",
                {**context, "form": form},
                status=_status_for(error),
            ),
        )
    core_drafts.discard_draft(member=request.user, key=key)
    _tell_if_held(request, topic)
    return redirect(topic.get_absolute_url())


def _preview_or_save_draft(
    request: HttpRequest, *, key: str, form, template: str, context: dict
) -> HttpResponse:
    """The form's "Preview" and "Save draft" buttons, for browsers without script.

    Both show the form again with everything the member typed; a draft that cannot be kept
    says why on the form instead of losing the text.
    """
    text = request.POST.get("body", "")
    if "preview" in request.POST:
        return render(
            request, template, {**context, "form": form, "preview": services.render_post(text).html}
        )
    try:
        core_drafts.save_draft(member=request.user, key=key, fields=request.POST)
    except (core_drafts.DraftError, PermissionDenied) as error:
        messages.error(request, str(error))
        status = getattr(error, "status", 403)
        return render(request, template, {**context, "form": form}, status=status)
    messages.success(request, "Draft saved. It waits here until you post it.")
    return redirect(request.path)


@login_required
def edit_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _visible_topic_or_404(request, pk)
    try:
        permissions.ensure_can_edit(request.user, topic)
    except PermissionDenied as error:
        return _forbidden(request, error, topic.get_absolute_url())
    context = {
        "topic": topic,
        "category": topic.category,
        "mode": "edit",
        "preview_key": drafts.new_topic_key(topic.category_id),
    }
    if request.method != "POST":
        form = TopicForm(
            initial={
                "kind": topic.kind,
                "title": topic.title,
                "body": topic.body_source,
                "tags": edit_string_for_tags(list(topic.tags.all())),
            }
        )
        form.fields["kind"].disabled = True
        return render(request, "forums/topic_form.html", {**context, "form": form})
    if "preview" in request.POST:
        form = TopicForm(initial={**request.POST.dict(), "kind": topic.kind})
        form.fields["kind"].disabled = True
        preview = services.render_post(request.POST.get("body", "")).html
        return render(
            request, "forums/topic_form.html", {**context, "form": form, "preview": preview}
        )
    form = TopicForm({**request.POST.dict(), "kind": topic.kind})
    if not form.is_valid():
        return render(request, "forums/topic_form.html", {**context, "form": form}, status=422)
    try:
        services.edit_topic(
            topic=topic,
            editor=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            tags=form.cleaned_data["tags"],
        )
    except PostRejected as error:
        form.add_error(None, str(error))
        return render(request, "forums/topic_form.html", {**context, "form": form}, status=422)
    except PermissionDenied as error:
        return _forbidden(request, error, topic.get_absolute_url())
    messages.success(request, "Your changes are saved.")
    return redirect(topic.get_absolute_url())


# --- Replies ----------------------------------------------------------------------------


@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(_login_url(request.path))
    topic = _visible_topic_or_404(request, pk)
    key = drafts.reply_key(topic.pk)
    if "preview" in request.POST or "save_draft" in request.POST:
        return _reply_preview_or_draft(request, topic, key)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        thread = selectors.topic_thread(viewer=request.user, topic=topic, page=10**6)
        return render(
            request,
            "forums/topic_detail.html",
            _topic_context(request, topic, thread, reply_form=form),
            status=422,
        )
    quoted = None
    if form.cleaned_data.get("quoted"):
        quoted = Reply.objects.filter(pk=form.cleaned_data["quoted"], topic=topic).first()
    try:
        new_reply = services.post_reply(
            topic=topic, author=request.user, body=form.cleaned_data["body"], quoted=quoted
        )
    except (PermissionDenied, RateLimited, PostRejected) as error:
        if response := _json_error(request, error):
            return _with_retry_after(error, response)
        thread = selectors.topic_thread(viewer=request.user, topic=topic, page=10**6)
        form.add_error(None, str(error))
        return _with_retry_after(
            error,
            render(
                request,
                "forums/topic_detail.html",
                _topic_context(request, topic, thread, reply_form=form),
                status=_status_for(error),
            ),
        )
    core_drafts.discard_draft(member=request.user, key=key)
    _tell_if_held(request, new_reply)
    return redirect(_reply_url(topic, new_reply))


def _reply_preview_or_draft(request: HttpRequest, topic: Topic, key: str) -> HttpResponse:
    """The reply form's "Preview" and "Save draft" buttons, for browsers without script."""
    form = ReplyForm(initial=request.POST.dict())
    preview = None
    status = 200
    if "preview" in request.POST:
        preview = services.render_post(request.POST.get("body", "")).html
    else:
        try:
            core_drafts.save_draft(member=request.user, key=key, fields=request.POST)
        except (core_drafts.DraftError, PermissionDenied) as error:
            messages.error(request, str(error))
            status = getattr(error, "status", 403)
        else:
            messages.success(request, "Draft saved. It waits here until you post it.")
            last_page = selectors.page_of_reply(topic.last_reply_number)
            return redirect(f"{topic.get_absolute_url()}?page={last_page}#reply-form")
    thread = selectors.topic_thread(viewer=request.user, topic=topic, page=10**6)
    return render(
        request,
        "forums/topic_detail.html",
        _topic_context(request, topic, thread, reply_form=form, reply_preview=preview),
        status=status,
    )


def _reply_url(topic: Topic, reply: Reply) -> str:
    return f"{topic.get_absolute_url()}?page={selectors.page_of_reply(reply.number)}#reply-{reply.number}"


def _visible_reply_or_404(request: HttpRequest, pk: int) -> Reply:
    try:
        return selectors.reply_for_viewer(request.user, pk)
    except Reply.DoesNotExist:
        raise Http404("No such reply.") from None


@require_GET
def reply_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible_reply_or_404(request, pk)
    return redirect(_reply_url(found.topic, found))


@login_required
def edit_reply(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible_reply_or_404(request, pk)
    try:
        permissions.ensure_can_edit(request.user, found)
    except PermissionDenied as error:
        return _forbidden(request, error, _reply_url(found.topic, found))
    context = {
        "reply": found,
        "topic": found.topic,
        "category": found.topic.category,
        "preview_key": drafts.reply_key(found.topic_id),
    }
    if request.method != "POST":
        form = ReplyForm(initial={"body": found.body_source})
        return render(request, "forums/reply_form.html", {**context, "form": form})
    if "preview" in request.POST:
        form = ReplyForm(initial=request.POST.dict())
        preview = services.render_post(request.POST.get("body", "")).html
        return render(
            request, "forums/reply_form.html", {**context, "form": form, "preview": preview}
        )
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return render(request, "forums/reply_form.html", {**context, "form": form}, status=422)
    try:
        services.edit_reply(reply=found, editor=request.user, body=form.cleaned_data["body"])
    except PostRejected as error:
        form.add_error(None, str(error))
        return render(request, "forums/reply_form.html", {**context, "form": form}, status=422)
    except PermissionDenied as error:
        return _forbidden(request, error, _reply_url(found.topic, found))
    messages.success(request, "Your reply is updated.")
    return redirect(_reply_url(found.topic, found))


@login_required
@require_POST
def delete_reply(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible_reply_or_404(request, pk)
    try:
        services.delete_reply(reply=found, member=request.user)
    except PermissionDenied as error:
        return _forbidden(request, error, _reply_url(found.topic, found))
    messages.success(request, "The reply is deleted.")
    return redirect(_reply_url(found.topic, found))


# --- Kudos, solutions, follows ----------------------------------------------------------


@require_POST
def topic_kudos(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _visible_topic_or_404(request, pk)
    return _toggle_kudos(request, topic.get_absolute_url(), topic=topic)


@require_POST
def reply_kudos(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible_reply_or_404(request, pk)
    return _toggle_kudos(request, _reply_url(found.topic, found), reply=found)


def _toggle_kudos(request: HttpRequest, back: str, **post) -> HttpResponse:
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse({"error": "Sign in to give kudos."}, status=401)
        return redirect(_login_url(back))
    try:
        has_kudos, count = services.toggle_kudos(member=request.user, **post)
    except (PermissionDenied, RateLimited) as error:
        return _forbidden(request, error, back, status=_status_for(error))
    if _wants_json(request):
        return JsonResponse({"kudos": has_kudos, "count": count})
    return redirect(back)


@login_required
@require_POST
def accept_solution(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible_reply_or_404(request, pk)
    try:
        services.accept_solution(topic=found.topic, reply=found, member=request.user)
    except PermissionDenied as error:
        return _forbidden(request, error, _reply_url(found.topic, found))
    messages.success(request, "Marked as the solution. Thanks for closing the loop!")
    return redirect(found.topic.get_absolute_url())


@login_required
@require_POST
def clear_solution(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _visible_topic_or_404(request, pk)
    try:
        services.clear_solution(topic=topic, member=request.user)
    except PermissionDenied as error:
        return _forbidden(request, error, topic.get_absolute_url())
    messages.success(request, "The question is open again.")
    return redirect(topic.get_absolute_url())


def _followed(request: HttpRequest, *, following: bool, message: str, back: str) -> HttpResponse:
    """The new follow state: as JSON for the button's script, or as a message on the page."""
    if _wants_json(request):
        return JsonResponse({"following": following, "message": message})
    messages.success(request, message)
    return redirect(back)


def _sign_in_to_follow(request: HttpRequest, back: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": "Sign in to follow."}, status=401)
    return redirect(_login_url(back))


@require_POST
def follow_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _visible_topic_or_404(request, pk)
    back = topic.get_absolute_url()
    if not request.user.is_authenticated:
        return _sign_in_to_follow(request, back)
    following = request.POST.get("follow") != "off"
    try:
        if following:
            services.follow_topic(member=request.user, topic=topic)
        else:
            services.unfollow_topic(member=request.user, topic=topic)
    except PermissionDenied as error:
        return _forbidden(request, error, back)
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
    following = request.POST.get("follow") != "off"
    try:
        if following:
            services.follow_category(member=request.user, category=category)
        else:
            services.unfollow_category(member=request.user, category=category)
    except PermissionDenied as error:
        return _forbidden(request, error, category.url)
    message = (
        f"Following {category.title}: you'll hear about new topics there."
        if following
        else f"You stopped following {category.title}."
    )
    return _followed(request, following=following, message=message, back=category.url)


# --- Suggestions (JSON) -----------------------------------------------------------------


@require_GET
def suggest_members(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"members": selectors.member_suggestions(request.GET.get("q", ""))})


@require_GET
def suggest_tags(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {"tags": selectors.tag_suggestions(request.GET.get("q", ""), viewer=request.user)}
    )
