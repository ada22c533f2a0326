"""Every write in the forums. Each service checks permissions, owns its transaction and keeps
the denormalised counters right with SQL expressions, never read-modify-write."""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from community.core.markdown import Rendered, mentioned_handles, render
from community.core.ratelimit import check_rate
from community.members.models import Profile, User
from community.moderation.registry import adapter_for
from community.moderation.services import record_action
from community.moderation.trust import screen_post
from community.notifications.kinds import Kind
from community.notifications.services import notify
from community.search import index_later

from . import live, permissions
from .models import (
    CategoryFollow,
    ForumCategoryPage,
    Kudos,
    PostRevision,
    Reply,
    Topic,
    TopicFollow,
    TopicRead,
    TopicUnfollow,
    Visibility,
    normalise_tag_name,
)

logger = logging.getLogger(__name__)

# A second identical post by the same member within this window is the same post (double submit).
DOUBLE_SUBMIT_WINDOW = timedelta(seconds=30)
# How long one visitor's views of a topic count once.
VIEW_WINDOW_SECONDS = 60 * 60
REPUTATION_FOR_KUDOS = 1
REPUTATION_FOR_SOLUTION = 10


# --- Text -------------------------------------------------------------------------------


def render_post(body: str) -> Rendered:
    """Render a post's Markdown, linking @mentions of members who exist."""
    known = {
        handle.lower(): f"/members/{handle}/"
        for handle in _members_by_handle(mentioned_handles(body))
    }
    return render(body, mention_urls=known)


def normalise_text(text: str) -> str:
    """Line endings as stored (browsers send CRLF), without surrounding blank space."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def normalise_tags(tags: list[str]) -> list[str]:
    """Tags are lower-case and unique, however members typed them (see normalise_tag_name)."""
    return list(dict.fromkeys(name for name in map(normalise_tag_name, tags) if name))


def _members_by_handle(handles) -> dict[str, int]:
    """Active members with these handles (matched case-insensitively): handle -> member id."""
    if not handles:
        return {}
    query = Q()
    for handle in handles:
        query |= Q(username__iexact=handle)
    return dict(User.objects.filter(query, is_active=True).values_list("username", "pk"))


def _mentioned_members(rendered: Rendered) -> list[int]:
    return list(_members_by_handle(rendered.mentioned).values())


def _segment_of(author: User) -> dict:
    profile = Profile.objects.select_related("country").get(user=author)
    return {
        "industry_id": profile.industry_id,
        "region_id": profile.country.region_id if profile.country_id else None,
        "audience": profile.audience,
    }


def _just_posted(posts):
    """The same post by the same member moments ago (a double submit), if there is one."""
    return posts.filter(created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW).first()


def _lock_member(member: User) -> None:
    # Serialises one member's posting, so the double-submit check cannot race with itself.
    User.objects.select_for_update().filter(pk=member.pk).exists()


# --- Topics -----------------------------------------------------------------------------


def create_topic(
    *,
    category: ForumCategoryPage,
    author: User,
    title: str,
    body: str,
    kind: str = Topic.Kind.DISCUSSION,
    tags: list[str] | None = None,
) -> Topic:
    """Start a topic. The author follows it; category followers and mentioned members hear of it."""
    permissions.ensure_can_post(author)
    if not permissions.can_view_category(author, category):
        raise PermissionDenied("You can't post in this category.")
    title, body = " ".join(title.split()), normalise_text(body)
    with transaction.atomic():
        _lock_member(author)
        duplicate = _just_posted(
            Topic.objects.filter(author=author, category=category, title=title, body_source=body)
        )
        if duplicate:
            return duplicate
        check_rate(scope="topic", member=author)
        screening = screen_post(author=author, text=f"{title}\n{body}")
        rendered = render_post(body)
        now = timezone.now()
        topic = Topic.objects.create(
            category=category,
            author=author,
            kind=kind,
            title=title,
            body_source=rendered.source,
            body_html=rendered.html,
            created_at=now,
            last_activity_at=now,
            visibility=Visibility.HELD if screening.hold else Visibility.PUBLISHED,
            **_segment_of(author),
        )
        if tags:
            topic.tags.set(normalise_tags(tags))
        TopicFollow.objects.create(member=author, topic=topic)
        index_later(topic)
        if screening.hold:
            record_action(
                actor=None, action="hold", item=topic, member=author, reason=screening.reason
            )
        else:
            ForumCategoryPage.objects.filter(pk=category.pk).update(
                topic_count=F("topic_count") + 1
            )
            announce_topic(topic, rendered)
    return topic


def announce_topic(topic: Topic, rendered: Rendered | None = None) -> None:
    """Tell mentioned members and category followers about a topic now published."""
    rendered = rendered or render_post(topic.body_source)
    author = topic.author
    mentioned = set(permissions.members_who_can_see(topic.category, _mentioned_members(rendered)))
    notify(
        kind=Kind.MENTION,
        recipients=mentioned,
        actor=author,
        target=topic,
        url=topic.get_absolute_url(),
        text=f"{author} mentioned you in “{topic.title}”",
    )
    followers = CategoryFollow.objects.filter(category=topic.category).values_list(
        "member_id", flat=True
    )
    notify(
        kind=Kind.TOPIC_IN_FOLLOWED_CATEGORY,
        recipients=set(permissions.members_who_can_see(topic.category, followers)) - mentioned,
        actor=author,
        target=topic,
        url=topic.get_absolute_url(),
        text=f"{author} started “{topic.title}” in {topic.category.title}",
    )


def edit_topic(
    *, topic: Topic, editor: User, title: str, body: str, tags: list[str] | None = None
) -> Topic:
    """Change a topic's text, keeping the previous version in its edit history."""
    from .search import reindex_thread_later

    permissions.ensure_can_edit(editor, topic)
    title, body = " ".join(title.split()), normalise_text(body)
    # An edit must not smuggle in what posting refuses or holds (links, blocked words).
    screening = screen_post(author=editor, text=f"{title}\n{body}")
    with transaction.atomic():
        # Replies show their topic's title and carry its tags into search.
        if title != topic.title or tags is not None:
            reindex_thread_later(topic)
        else:
            index_later(topic)
        if title != topic.title or body != topic.body_source:
            PostRevision.objects.create(
                topic=topic, editor=editor, title=topic.title, body_source=topic.body_source
            )
            rendered = render_post(body)
            topic.title, topic.body_source, topic.body_html = title, rendered.source, rendered.html
            topic.edited_at = timezone.now()
            topic.save(update_fields=["title", "slug", "body_source", "body_html", "edited_at"])
        if tags is not None:
            topic.tags.set(normalise_tags(tags))
        _hold_if_screened(topic, screening)
    return topic


def record_view(*, topic: Topic, visitor_key: str) -> bool:
    """Count a view once per visitor per hour; returns whether it counted."""
    # While Redis is unreachable add() answers None, as for a repeat view: nothing is counted.
    first_view = cache.add(f"forums:view:{topic.pk}:{visitor_key}", 1, timeout=VIEW_WINDOW_SECONDS)
    if not first_view:
        return False
    Topic.objects.filter(pk=topic.pk).update(view_count=F("view_count") + 1)
    return True


# --- Replies ----------------------------------------------------------------------------


def post_reply(*, topic: Topic, author: User, body: str, quoted: Reply | None = None) -> Reply:
    """Add a reply at the end of the topic; tell the asker, followers and mentioned members."""
    permissions.ensure_can_reply(author, topic)
    body = normalise_text(body)
    with transaction.atomic():
        # The topic row lock numbers replies in order and serialises the double-submit check.
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        permissions.ensure_can_reply(author, locked)
        duplicate = _just_posted(
            Reply.objects.filter(topic=locked, author=author, body_source=body)
        )
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
    mentioned = set(permissions.members_who_can_see(topic.category, _mentioned_members(rendered)))
    notify(
        kind=Kind.MENTION,
        recipients=mentioned,
        actor=author,
        target=reply,
        url=url,
        text=f"{author} mentioned you in “{topic.title}”",
    )
    followers = set(TopicFollow.objects.filter(topic=topic).values_list("member_id", flat=True))
    # The asker follows their topic from the start; one who stopped following hears nothing.
    asker = ({topic.author_id} & followers) - mentioned
    notify(
        kind=Kind.REPLY_TO_YOUR_TOPIC,
        recipients=permissions.members_who_can_see(topic.category, asker),
        actor=author,
        target=reply,
        url=url,
        text=f"{author} replied to your topic “{topic.title}”",
    )
    notify(
        kind=Kind.REPLY_IN_FOLLOWED_TOPIC,
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
        _hold_if_screened(reply, screening)
    return reply


def _hold_if_screened(post: Topic | Reply, screening) -> None:
    """A published post edited to include a held word goes back to the review queue."""
    if not screening.hold or not post.is_published:
        return
    adapter_for(post).hold(post)
    record_action(actor=None, action="hold", item=post, member=post.author, reason=screening.reason)


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
            kind=Kind.SOLUTION_ACCEPTED,
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
    from .search import reindex_thread_later

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


# --- Kudos ------------------------------------------------------------------------------


def toggle_kudos(
    *, member: User, topic: Topic | None = None, reply: Reply | None = None
) -> tuple[bool, int]:
    """Give kudos, or take them back. Returns (has kudos now, the post's kudos count)."""
    post = topic if topic is not None else reply
    if post is None or (topic is not None and reply is not None):
        raise ValueError("Give kudos to exactly one topic or reply.")
    permissions.ensure_can_give_kudos(member, post)
    check_rate(scope="kudos", member=member)
    model, target = (Topic, {"topic": topic}) if topic is not None else (Reply, {"reply": reply})
    with transaction.atomic():
        removed, _ = Kudos.objects.filter(member=member, **target).delete()
        has_kudos, change = (False, -1) if removed else (True, 1)
        if not removed:
            try:
                with transaction.atomic():
                    Kudos.objects.create(member=member, **target)
            except IntegrityError:
                # A simultaneous request of the same member already gave these kudos.
                change = 0
        if change:
            model.objects.filter(pk=post.pk).update(kudos_count=F("kudos_count") + change)
            Profile.objects.filter(user_id=post.author_id).update(
                reputation=F("reputation") + change * REPUTATION_FOR_KUDOS
            )
        count = model.objects.filter(pk=post.pk).values_list("kudos_count", flat=True).get()
        if change:
            live.kudos_changed(
                topic_id=post.pk if topic is not None else post.topic_id,
                post="topic" if topic is not None else "reply",
                post_id=post.pk,
                count=count,
            )
    if change == 1:
        _notify_kudos(member, post)
    return has_kudos, count


def _notify_kudos(member: User, post: Topic | Reply) -> None:
    topic = post if isinstance(post, Topic) else post.topic
    notify(
        kind=Kind.KUDOS,
        recipients=permissions.members_who_can_see(topic.category, [post.author_id]),
        actor=member,
        target=post,
        url=post.get_absolute_url(),
        text=f"{{actors}} gave kudos to your post in “{topic.title}”",
        group_key=f"kudos:{post._meta.model_name}:{post.pk}",
    )


# --- Following and reading --------------------------------------------------------------


def follow_topic(*, member: User, topic: Topic) -> None:
    permissions.ensure_can_post(member)
    with transaction.atomic():
        TopicUnfollow.objects.filter(member=member, topic=topic).delete()
        TopicFollow.objects.get_or_create(member=member, topic=topic)


def unfollow_topic(*, member: User, topic: Topic) -> None:
    with transaction.atomic():
        TopicFollow.objects.filter(member=member, topic=topic).delete()
        TopicUnfollow.objects.get_or_create(member=member, topic=topic)


def follow_category(*, member: User, category: ForumCategoryPage) -> None:
    permissions.ensure_can_post(member)
    CategoryFollow.objects.get_or_create(member=member, category=category)


def unfollow_category(*, member: User, category: ForumCategoryPage) -> None:
    CategoryFollow.objects.filter(member=member, category=category).delete()


def mark_read(*, member: User, topic: Topic, up_to: int, first_read: bool = False) -> None:
    """Remember that the member has read the topic up to reply number `up_to` (never backwards).

    `first_read` says the caller knows the member has no read position for it yet.
    """
    updated = 0
    if not first_read:
        updated = TopicRead.objects.filter(
            member=member, topic=topic, last_read_number__lt=up_to
        ).update(last_read_number=up_to, read_at=timezone.now())
    if not updated:
        # First read of this topic; a row written meanwhile by another tab wins quietly.
        TopicRead.objects.bulk_create(
            [TopicRead(member=member, topic=topic, last_read_number=up_to)], ignore_conflicts=True
        )


def set_followed_categories(
    *, member: User, offered: list[ForumCategoryPage], chosen: list[ForumCategoryPage]
) -> None:
    """Follow the chosen categories and stop following the other ones offered.

    Repeating it changes nothing, so a form sent twice (or resent after a back button) is safe.
    """
    permissions.ensure_can_post(member)
    chosen_pks = {category.pk for category in chosen}
    with transaction.atomic():
        CategoryFollow.objects.bulk_create(
            [CategoryFollow(member=member, category=category) for category in chosen],
            ignore_conflicts=True,
        )
        CategoryFollow.objects.filter(
            member=member,
            category__in=[category.pk for category in offered if category.pk not in chosen_pks],
        ).delete()
