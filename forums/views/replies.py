"""Replies: posting one (with its preview and draft), its permalink, editing and deleting it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from community.core import drafts as core_drafts
from community.core import errors
from community.moderation.trust import PostRejected

from .. import drafts, permissions, selectors, services
from ..forms import ReplyForm
from ..models import Reply, Topic
from .common import (
    login_url,
    reply_url,
    tell_if_held,
    topic_context,
    visible_reply_or_404,
    visible_topic_or_404,
)

# Past any real page: the thread selector answers with the last one, where the reply box is.
LAST_PAGE = 10**6


@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(login_url(request.path))
    topic = visible_topic_or_404(request, pk)
    key = drafts.reply_key(topic.pk)
    if "preview" in request.POST or "save_draft" in request.POST:
        return _reply_preview_or_draft(request, topic, key)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        thread = selectors.topic_thread(viewer=request.user, topic=topic, page=LAST_PAGE)
        return render(
            request,
            "forums/topic_detail.html",
            topic_context(request, topic, thread, reply_form=form),
            status=422,
        )
    quoted = None
    if form.cleaned_data.get("quoted"):
        quoted = Reply.objects.filter(pk=form.cleaned_data["quoted"], topic=topic).first()
    try:
        new_reply = services.post_reply(
            topic=topic, author=request.user, body=form.cleaned_data["body"], quoted=quoted
        )
    except errors.REFUSALS as error:
        if errors.wants_json(request):
            raise  # answered by errors.DomainErrorMiddleware
        thread = selectors.topic_thread(viewer=request.user, topic=topic, page=LAST_PAGE)
        form.add_error(None, str(error))
        return errors.refused_page(
            render(
                request,
                "forums/topic_detail.html",
                topic_context(request, topic, thread, reply_form=form),
            ),
            error,
        )
    core_drafts.discard_draft(member=request.user, key=key)
    tell_if_held(request, new_reply)
    return redirect(reply_url(topic, new_reply))


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
        except errors.REFUSALS as error:
            messages.error(request, str(error))
            status = errors.status_for(error)
        else:
            messages.success(request, "Draft saved. It waits here until you post it.")
            last_page = selectors.page_of_reply(topic.last_reply_number)
            return redirect(f"{topic.get_absolute_url()}?page={last_page}#reply-form")
    thread = selectors.topic_thread(viewer=request.user, topic=topic, page=LAST_PAGE)
    return render(
        request,
        "forums/topic_detail.html",
        topic_context(request, topic, thread, reply_form=form, reply_preview=preview),
        status=status,
    )


@require_GET
def reply_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    found = visible_reply_or_404(request, pk)
    return redirect(reply_url(found.topic, found))


@login_required
def edit_reply(request: HttpRequest, pk: int) -> HttpResponse:
    found = visible_reply_or_404(request, pk)
    errors.return_to(request, reply_url(found.topic, found))
    permissions.ensure_can_edit(request.user, found)
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
    messages.success(request, "Your reply is updated.")
    return redirect(reply_url(found.topic, found))


@login_required
@require_POST
def delete_reply(request: HttpRequest, pk: int) -> HttpResponse:
    found = visible_reply_or_404(request, pk)
    errors.return_to(request, reply_url(found.topic, found))
    services.delete_reply(reply=found, member=request.user)
    messages.success(request, "The reply is deleted.")
    return redirect(reply_url(found.topic, found))
