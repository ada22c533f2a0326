"""A topic: its page (and the replies a live page appends), starting one, editing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from taggit.utils import edit_string_for_tags

from community.core import drafts as core_drafts
from community.core import errors
from community.core.numbers import parse_page_number, parse_positive_int
from community.core.view_counting import visitor_key
from community.moderation.trust import PostRejected

from .. import drafts, permissions, selectors, services
from ..forms import NewTopicForm, ReplyForm, TopicForm
from ..models import Topic
from ..permissions import visible_categories
from .common import login_url, tell_if_held, topic_context, visible_topic_or_404

# Reply numbers are stored in a 32-bit column.
MAX_REPLY_NUMBER = 2**31 - 1


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
    services.record_view(topic=topic, visitor_key=visitor_key(request))
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
        topic_context(
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
    topic = visible_topic_or_404(request, pk)
    thread = selectors.replies_after(viewer=request.user, topic=topic, after=after)
    if request.user.is_authenticated and thread.replies:
        services.mark_read(member=request.user, topic=topic, up_to=thread.replies[-1].number)
    response = render(
        request,
        "forums/includes/reply_items.html",
        topic_context(request, topic, thread, reply_form=None),
    )
    response["X-Last-Reply-Number"] = str(topic.last_reply_number)
    return response


def _initial_from_address(request: HttpRequest) -> dict[str, str]:
    """A title and tags handed over in the address (?title=…&tags=…), as the search page and a
    course's "Ask a question" do, so the member starts from them; the form checks them as usual."""
    initial = {"title": request.GET.get("title", "")[:150]}
    if tags := request.GET.get("tags", "")[:200]:
        initial["tags"] = tags
    return initial


def new_topic(request: HttpRequest, category: str = "") -> HttpResponse:
    """Start a topic, in a given category (/forums/<category>/new/) or choosing one (/forums/new/)."""
    if not request.user.is_authenticated:
        return redirect(login_url(request.path))
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
        initial = draft.payload if draft else _initial_from_address(request)
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
    except errors.REFUSALS as error:
        return errors.form_refused(
            request, error, form=form, template="forums/topic_form.html", context=context
        )
    core_drafts.discard_draft(member=request.user, key=key)
    tell_if_held(request, topic)
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
    except errors.REFUSALS as error:
        messages.error(request, str(error))
        return errors.refused_page(render(request, template, {**context, "form": form}), error)
    messages.success(request, "Draft saved. It waits here until you post it.")
    return redirect(request.path)


@login_required
def edit_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = visible_topic_or_404(request, pk)
    errors.return_to(request, topic.get_absolute_url())
    permissions.ensure_can_edit(request.user, topic)
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
    messages.success(request, "Your changes are saved.")
    return redirect(topic.get_absolute_url())
