"""The "Manage" page of a topic, where community managers lock, pin, move and merge it.

Every form posts to its own address and, when something is wrong, comes back on the same page
with the member's input kept and a 4xx status.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import services
from ..forms import LockForm, MergeForm, MoveForm, PinForm
from ..models import ForumCategoryPage, Reply, Topic
from ..permissions import visible_categories
from ..services import TopicActionRefused, ensure_can_manage_topics


def _managed_topic(request: HttpRequest, pk: int) -> Topic:
    """The topic, for someone allowed to manage topics (PermissionDenied, a 403, for others)."""
    ensure_can_manage_topics(request.user)
    topic = (
        Topic.objects.select_related("category", "author", "merged_into__category")
        .filter(pk=pk)
        .first()
    )
    if topic is None:
        raise Http404("No such topic.")
    return topic


def _categories(request: HttpRequest) -> list[ForumCategoryPage]:
    return list(visible_categories(request.user).prefetch_related("restricted_to").order_by("path"))


def _manage_page(
    request: HttpRequest, topic: Topic, *, status: int = 200, **bound_forms
) -> HttpResponse:
    """The Manage page, with the form that was just sent (if any) in place of its blank one."""
    scope = "global" if topic.pinned_globally else "category" if topic.is_pinned else "none"
    context = {
        "topic": topic,
        "category": topic.category,
        "lock_form": LockForm(
            auto_id="lock_%s", initial={"state": "open" if topic.is_locked else "locked"}
        ),
        "pin_form": PinForm(auto_id="pin_%s", initial={"scope": scope}),
        "move_form": MoveForm(auto_id="move_%s", topic=topic, categories=_categories(request)),
        "merge_form": MergeForm(auto_id="merge_%s", topic=topic),
        **bound_forms,
    }
    return render(request, "forums/moderation/manage_topic.html", context, status=status)


def _refused(request: HttpRequest, topic: Topic, name: str, form, error: Exception):
    form.add_error(None, str(error))
    return _manage_page(request, topic, status=422, **{name: form})


@login_required
@require_GET
def manage_topic(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage_page(request, _managed_topic(request, pk))


@login_required
@require_POST
def lock_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _managed_topic(request, pk)
    form = LockForm(request.POST, auto_id="lock_%s")
    if not form.is_valid():
        return _manage_page(request, topic, status=422, lock_form=form)
    lock = form.cleaned_data["state"] == "locked"
    action = services.lock_topic if lock else services.unlock_topic
    try:
        action(topic=topic, moderator=request.user, reason=form.cleaned_data["reason"])
    except TopicActionRefused as error:
        return _refused(request, topic, "lock_form", form, error)
    messages.success(
        request,
        "The topic is locked: only community managers can reply."
        if lock
        else "The topic is open for replies again.",
    )
    return redirect(topic.get_absolute_url())


@login_required
@require_POST
def pin_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _managed_topic(request, pk)
    form = PinForm(request.POST, auto_id="pin_%s")
    if not form.is_valid():
        return _manage_page(request, topic, status=422, pin_form=form)
    scope, reason = form.cleaned_data["scope"], form.cleaned_data["reason"]
    try:
        if scope != "none":
            services.pin_topic(topic=topic, moderator=request.user, scope=scope, reason=reason)
        else:
            services.unpin_topic(topic=topic, moderator=request.user, reason=reason)
    except TopicActionRefused as error:
        return _refused(request, topic, "pin_form", form, error)
    messages.success(
        request,
        {
            "none": "The topic is no longer pinned.",
            "category": f"The topic is pinned at the top of {topic.category.title}.",
            "global": "The topic is pinned at the top of its category and of the forums page.",
        }[scope],
    )
    return redirect(topic.get_absolute_url())


@login_required
@require_POST
def move_topic(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _managed_topic(request, pk)
    form = MoveForm(request.POST, auto_id="move_%s", topic=topic, categories=_categories(request))
    if not form.is_valid():
        return _manage_page(request, topic, status=422, move_form=form)
    to_category = form.cleaned_data["category"]
    try:
        services.move_topic(
            topic=topic,
            to_category=to_category,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
        )
    except TopicActionRefused as error:
        return _refused(request, topic, "move_form", form, error)
    messages.success(request, f"The topic is now in {to_category.title}.")
    return redirect(topic.get_absolute_url())


@login_required
@require_POST
def merge_topic(request: HttpRequest, pk: int) -> HttpResponse:
    """Merging can't be undone, so the first submit shows what will happen and asks again."""
    topic = _managed_topic(request, pk)
    form = MergeForm(request.POST, auto_id="merge_%s", topic=topic)
    if not form.is_valid():
        return _manage_page(request, topic, status=422, merge_form=form)
    target = form.cleaned_data["into"]
    if not form.cleaned_data["confirmed"]:
        return _manage_page(
            request,
            topic,
            merge_form=form,
            merge_preview={
                "target": target,
                "replies": Reply.objects.filter(topic=topic).count(),
                "after": target.last_reply_number,
            },
        )
    try:
        merged = services.merge_topics(
            source=topic, into=target, moderator=request.user, reason=form.cleaned_data["reason"]
        )
    except TopicActionRefused as error:
        return _refused(request, topic, "merge_form", form, error)
    messages.success(request, f"“{topic.title}” is merged into this topic.")
    return redirect(merged.get_absolute_url())
