"""Replies: posting one at the end of a topic (and announcing it once it is published), editing
and deleting it, and accepting one as the answer to a question."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from community.core.markdown import Rendered
from community.core.ratelimit import check_rate
from community.members.models import Profile, User
from community.moderation.services import record_action
from community.moderation.trust import screen_post
from community.notifications.services import notify
from community.search import index_later

from .. import live, permissions
from ..models import PostRevision, Reply, Topic, TopicFollow, TopicUnfollow, Visibility
from ..notification_kinds import ForumKind
from ._posting import hold_if_screened, just_posted, normalise_text, render_post, tell_mentioned
from .following import mark_read

REPUTATION_FOR_SOLUTION = 10


def post_reply(*, topic: Topic, author: User, body: str, quoted: Reply | None = None) -> Reply:
    """Add a reply at the end of the topic; tell the asker, followers and mentioned members."""
    permissions.ensure_can_reply(author, topic)
    body = normalise_text(body)
    with transaction.atomic():
        # The topic row lock numbers replies in order and serialises the double-submit check.
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        permissions.ensure_can_reply(author, locked)
        duplicate = just_posted(Reply.objects.filter(topic=locked, author=author, body_source=body))
        if duplicate:
            return duplicate
        check_rate(scope="reply", member=author)
        screening = screen_post(author=author, text=body)
        rendered = render_post(body)
        now = timezone.now()
        number = locked.last_reply_number + 1
        reply = Reply.objects.create(
            topic=locked,
            author=author,
            number=number,
            body_source=rendered.source,
            body_html=rendered.html,
            quoted=quoted if quoted and quoted.topic_id == locked.pk else None,
            created_at=now,
            visibility=Visibility.HELD if screening.hold else Visibility.PUBLISHED,
        )
        Topic.objects.filter(pk=locked.pk).update(last_reply_number=number)
        index_later(reply)
        if not TopicUnfollow.objects.filter(member=author, topic=locked).exists():
            TopicFollow.objects.get_or_create(member=author, topic=locked)
        mark_read(member=author, topic=locked, up_to=number)
        if screening.hold:
            record_action(
                actor=None, action="hold", item=reply, member=author, reason=screening.reason
            )
        else:
            Topic.objects.filter(pk=locked.pk).update(reply_count=F("reply_count") + 1)
            announce_reply(reply, rendered)
    return reply


def announce_reply(reply: Reply, rendered: Rendered | None = None) -> None:
    """A reply is now public: it becomes the topic's latest activity and people hear of it."""
    topic = reply.topic
    Topic.objects.filter(pk=topic.pk).update(last_reply=reply, last_activity_at=timezone.now())
    rendered = rendered or render_post(reply.body_source)
    author, url = reply.author, reply.get_absolute_url()
    mentioned = tell_mentioned(reply, topic, rendered)
    followers = set(TopicFollow.objects.filter(topic=topic).values_list("member_id", flat=True))
    # The asker follows their topic from the start; one who stopped following hears nothing.
    asker = ({topic.author_id} & followers) - mentioned
    notify(
        kind=ForumKind.REPLY_TO_YOUR_TOPIC,
        recipients=permissions.members_who_can_see(topic.category, asker),
        actor=author,
        target=reply,
        url=url,
        text=f"{author} replied to your topic “{topic.title}”",
    )
    notify(
        kind=ForumKind.REPLY_IN_FOLLOWED_TOPIC,
        recipients=permissions.members_who_can_see(
            topic.category, followers - mentioned - {topic.author_id}
        ),
        actor=author,
        target=reply,
        url=url,
        text=f"{author} replied in “{topic.title}”",
    )
    reply_count = Topic.objects.filter(pk=topic.pk).values_list("reply_count", flat=True).get()
    live.reply_published(
        topic_id=topic.pk, reply_id=reply.pk, number=reply.number, reply_count=reply_count
    )


def edit_reply(*, reply: Reply, editor: User, body: str) -> Reply:
    permissions.ensure_can_edit(editor, reply)
    body = normalise_text(body)
    screening = screen_post(author=editor, text=body)
    with transaction.atomic():
        index_later(reply)
        if body != reply.body_source:
            PostRevision.objects.create(reply=reply, editor=editor, body_source=reply.body_source)
            rendered = render_post(body)
            reply.body_source, reply.body_html = rendered.source, rendered.html
            reply.edited_at = timezone.now()
            reply.save(update_fields=["body_source", "body_html", "edited_at"])
        hold_if_screened(reply, screening)
    return reply


def delete_reply(*, reply: Reply, member: User) -> Reply:
    """Soft-delete: the thread shows that a reply was here; its text is no longer shown."""
    permissions.ensure_can_edit(member, reply)
    with transaction.atomic():
        # Topic row first, like every other writer (merges, numbering), so locks never cross.
        topic = Topic.objects.select_for_update().get(pk=reply.topic_id)
        reply.deleted_at = timezone.now()
        reply.save(update_fields=["deleted_at"])
        index_later(reply)
        if topic.solution_id == reply.pk:
            _set_solution(topic, None)
    return reply


# --- Solutions --------------------------------------------------------------------------


def accept_solution(*, topic: Topic, reply: Reply, member: User) -> Topic:
    """Mark a reply as the question's answer; its author earns reputation and is told."""
    permissions.ensure_can_accept_solution(member, topic)
    if reply.topic_id != topic.pk or reply.is_deleted:
        raise PermissionDenied("That reply can't be the solution to this question.")
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if locked.solution_id == reply.pk:
            return locked
        _set_solution(locked, reply)
        notify(
            kind=ForumKind.SOLUTION_ACCEPTED,
            recipients=permissions.members_who_can_see(locked.category, [reply.author_id]),
            actor=member,
            target=reply,
            url=reply.get_absolute_url(),
            text=f"Your reply was accepted as the solution to “{locked.title}”",
        )
    return locked


def clear_solution(*, topic: Topic, member: User) -> Topic:
    permissions.ensure_can_accept_solution(member, topic)
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        _set_solution(locked, None)
    return locked


def _set_solution(topic: Topic, reply: Reply | None) -> None:
    """Move the solution (and its reputation) from the previous answer to `reply`."""
    from ..search import reindex_thread_later

    # Every reply in a question carries whether it is solved.
    reindex_thread_later(topic)
    if topic.solution_id:
        previous_author = (
            Reply.objects.filter(pk=topic.solution_id).values_list("author_id", flat=True).first()
        )
        if previous_author and previous_author != topic.author_id:
            Profile.objects.filter(user_id=previous_author).update(
                reputation=F("reputation") - REPUTATION_FOR_SOLUTION
            )
    if reply is not None and reply.author_id != topic.author_id:
        Profile.objects.filter(user_id=reply.author_id).update(
            reputation=F("reputation") + REPUTATION_FOR_SOLUTION
        )
    topic.solution = reply
    Topic.objects.filter(pk=topic.pk).update(solution=reply)
