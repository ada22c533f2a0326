"""What several forum views share: finding a post the viewer may see, its address, the topic page."""

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from .. import drafts, selectors
from ..forms import ReplyForm
from ..models import Reply, Topic, Visibility
from ..permissions import is_manager


def login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?{urlencode({'next': next_url})}"


def visible_topic_or_404(request: HttpRequest, pk: int) -> Topic:
    try:
        return selectors.topic_for_viewer(request.user, pk)
    except Topic.DoesNotExist:
        raise Http404("No such topic.") from None


def visible_reply_or_404(request: HttpRequest, pk: int) -> Reply:
    try:
        return selectors.reply_for_viewer(request.user, pk)
    except Reply.DoesNotExist:
        raise Http404("No such reply.") from None


def reply_url(topic: Topic, reply: Reply) -> str:
    return f"{topic.get_absolute_url()}?page={selectors.page_of_reply(reply.number)}#reply-{reply.number}"


def tell_if_held(request: HttpRequest, post: Topic | Reply) -> None:
    if post.visibility == Visibility.HELD:
        messages.info(
            request,
            "Thanks! A community manager will review your post before others can see it; "
            "you'll get a notification when it's approved.",
        )


def topic_context(
    request: HttpRequest,
    topic: Topic,
    thread,
    *,
    reply_form: ReplyForm | None,
    reply_draft=None,
    reply_preview: str | None = None,
) -> dict:
    """The topic page's context: the thread, and the reply box under it."""
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
        "tags_text": ", ".join(tag.name for tag in topic.row_tags),
    }
