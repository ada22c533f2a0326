"""What community managers do to whole topics: lock, pin, move and merge them.

Each action checks that the moderator may moderate the community, runs in one transaction and
writes exactly one line of the moderation audit log. Counters are moved with SQL expressions or
recomputed from the rows, never read-modify-written.
"""

import re
from typing import Literal

from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Greatest

from community.members.models import User
from community.moderation.permissions import ensure_moderator
from community.moderation.services import record_action
from community.notifications.kinds import Kind
from community.notifications.services import notify

from ..models import (
    ForumCategoryPage,
    Kudos,
    Reply,
    Topic,
    TopicFollow,
    TopicUnfollow,
    Visibility,
)
from ..search import reindex_thread_later
from ._posting import render_post
from .replies import clear_solution

PinScope = Literal["category", "global"]
PIN_SCOPES: dict[str, str] = {
    "category": "In its category",
    "global": "In its category and on the forums front page",
}

# Any ASCII punctuation may be backslash-escaped in Markdown, which keeps a title literal.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


class TopicActionRefused(Exception):
    """The action makes no sense for this topic as it stands now (the message says why)."""


def ensure_can_manage_topics(user: User) -> None:
    """Raise PermissionDenied unless the user may lock, pin, move and merge topics."""
    ensure_moderator(user)


def _locked(topic: Topic) -> Topic:
    """The topic's row, locked for the rest of the transaction, refused if it was merged away."""
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    _ensure_not_merged(locked)
    return locked


def _log(moderator: User, action: str, topic: Topic, reason: str) -> None:
    """The action's one line in the moderation audit log, about the topic's author."""
    record_action(
        actor=moderator, action=action, item=topic, member=topic.author, reason=reason.strip()
    )


def _ensure_not_merged(topic: Topic) -> None:
    if topic.merged_into_id:
        raise TopicActionRefused(
            f"“{topic.title}” was merged into topic {topic.merged_into_id}; use that one instead."
        )


# --- Locking ----------------------------------------------------------------------------


def lock_topic(*, topic: Topic, moderator: User, reason: str = "") -> Topic:
    """Close the topic to new replies (community managers can still reply)."""
    return _set_locked(topic, moderator, locked=True, reason=reason)


def unlock_topic(*, topic: Topic, moderator: User, reason: str = "") -> Topic:
    """Open a locked topic to replies again."""
    return _set_locked(topic, moderator, locked=False, reason=reason)


def _set_locked(topic: Topic, moderator: User, *, locked: bool, reason: str) -> Topic:
    ensure_can_manage_topics(moderator)
    with transaction.atomic():
        row = _locked(topic)
        if row.is_locked == locked:
            raise TopicActionRefused(
                "This topic is already locked." if locked else "This topic is not locked."
            )
        Topic.objects.filter(pk=row.pk).update(is_locked=locked)
        _log(moderator, "lock" if locked else "unlock", row, reason)
    topic.is_locked = locked
    return topic


# --- Pinning ----------------------------------------------------------------------------


def pin_topic(
    *, topic: Topic, moderator: User, scope: PinScope = "category", reason: str = ""
) -> Topic:
    """List the topic first on its category's page, and with scope "global" also on /forums/.

    Pinning a pinned topic with the other scope moves it between the two.
    """
    if scope not in PIN_SCOPES:
        raise ValueError(f"Unknown pin scope {scope!r}")
    ensure_can_manage_topics(moderator)
    everywhere = scope == "global"
    with transaction.atomic():
        row = _locked(topic)
        if row.is_pinned and row.pinned_globally == everywhere:
            raise TopicActionRefused(
                "This topic is already pinned on the forums front page."
                if everywhere
                else "This topic is already pinned in its category."
            )
        Topic.objects.filter(pk=row.pk).update(is_pinned=True, pinned_globally=everywhere)
        _log(moderator, "pin_globally" if everywhere else "pin", row, reason)
    topic.is_pinned, topic.pinned_globally = True, everywhere
    return topic


def unpin_topic(*, topic: Topic, moderator: User, reason: str = "") -> Topic:
    """List the topic in the normal order again, everywhere."""
    ensure_can_manage_topics(moderator)
    with transaction.atomic():
        row = _locked(topic)
        if not row.is_pinned:
            raise TopicActionRefused("This topic is not pinned.")
        Topic.objects.filter(pk=row.pk).update(is_pinned=False, pinned_globally=False)
        _log(moderator, "unpin", row, reason)
    topic.is_pinned = topic.pinned_globally = False
    return topic


# --- Moving -----------------------------------------------------------------------------


def move_topic(
    *, topic: Topic, to_category: ForumCategoryPage, moderator: User, reason: str = ""
) -> Topic:
    """Move the topic, its replies and followers to another category.

    Old addresses keep working: the topic page redirects when the category in the URL differs.
    """
    ensure_can_manage_topics(moderator)
    if not to_category.live:
        raise TopicActionRefused(f"“{to_category.title}” is not published, so it takes no topics.")
    with transaction.atomic():
        row = _locked(topic)
        if row.category_id == to_category.pk:
            raise TopicActionRefused(f"This topic is already in {to_category.title}.")
        from_category = ForumCategoryPage.objects.get(pk=row.category_id)
        Topic.objects.filter(pk=row.pk).update(category=to_category)
        # The new category may be open to other people than the old one.
        reindex_thread_later(row)
        # Category counts include published topics only (see forums.moderation).
        if row.visibility == Visibility.PUBLISHED:
            ForumCategoryPage.objects.filter(pk=from_category.pk).update(
                topic_count=F("topic_count") - 1
            )
            ForumCategoryPage.objects.filter(pk=to_category.pk).update(
                topic_count=F("topic_count") + 1
            )
        _log(
            moderator,
            "move",
            row,
            _with_details(f"From {from_category.title} to {to_category.title}.", reason),
        )
    topic.category = to_category
    return topic


# --- Merging ----------------------------------------------------------------------------


def merge_topics(*, source: Topic, into: Topic, moderator: User, reason: str = "") -> Topic:
    """Fold `source` into `into` and remove it; returns the target, with fresh counters.

    - The source's opening post (under its title) and then its replies are appended to the
      target in their original order, numbered on from the target's last reply.
    - Kudos on the source topic move to the reply that now carries its opening post, so its
      author keeps them; kudos on replies travel with the replies.
    - The source's followers follow the target (unless they stopped following the target).
      Its tags are added to the target's.
    - An accepted solution in the source stays a reply but is no longer a solution (its author's
      reputation for it goes, as when the asker clears a solution); the target's is unchanged.
    - The source is marked deleted and its address leads to the target.
    """
    ensure_can_manage_topics(moderator)
    if source.pk == into.pk:
        raise TopicActionRefused("A topic can't be merged into itself.")
    with transaction.atomic():
        # Both rows locked in one order (by pk), so two merges of the same pair in opposite
        # directions wait for each other instead of deadlocking; replies to either topic
        # (which lock the topic row to number themselves) wait for the merge too.
        rows = {
            row.pk: row
            for row in Topic.objects.select_for_update()
            .filter(pk__in=[source.pk, into.pk])
            .order_by("pk")
        }
        if len(rows) != 2:
            raise TopicActionRefused("One of these topics no longer exists.")
        source_row, target = rows[source.pk], rows[into.pk]
        _ensure_not_merged(source_row)
        _ensure_not_merged(target)
        if target.visibility == Visibility.DELETED:
            raise TopicActionRefused(
                f"“{target.title}” was removed by moderators; merge into a topic that is not."
            )

        opening = _append_replies(source_row, target)
        reindex_thread_later(source_row, target)
        moved_kudos = Kudos.objects.filter(topic=source_row).update(topic=None, reply=opening)
        if moved_kudos:
            Reply.objects.filter(pk=opening.pk).update(kudos_count=moved_kudos)
        _merge_followers(source_row, target)
        target.tags.add(*source_row.tags.all())
        if source_row.solution_id:
            clear_solution(topic=source_row, member=moderator)

        Topic.objects.filter(pk=source_row.pk).update(
            visibility=Visibility.DELETED,
            merged_into=target,
            reply_count=0,
            kudos_count=0,
            last_reply=None,
            solution=None,
            is_pinned=False,
            pinned_globally=False,
        )
        # Earlier merges into the source now lead straight to the target: one redirect, not two.
        Topic.objects.filter(merged_into=source_row).update(merged_into=target)
        if source_row.visibility == Visibility.PUBLISHED:
            ForumCategoryPage.objects.filter(pk=source_row.category_id).update(
                topic_count=F("topic_count") - 1
            )
        _recount_replies(target)

        _log(
            moderator,
            "merge",
            source_row,
            _with_details(f"Merged into “{target.title}” (topic {target.pk}).", reason),
        )
        merged = Topic.objects.select_related("category").get(pk=target.pk)
        notify(
            kind=Kind.MODERATION,
            recipients=[source_row.author_id],
            actor=moderator,
            target=merged,
            url=merged.get_absolute_url(),
            text=f"A community manager merged your topic “{source_row.title}” into “{merged.title}”; "
            "your post and its replies are there now.",
        )
    return merged


def _append_replies(source: Topic, target: Topic) -> Reply:
    """Add the source's opening post and replies after the target's last reply, in order.

    Returns the reply made from the opening post.
    """
    highest = Reply.objects.filter(topic=target).aggregate(highest=Max("number"))["highest"] or 0
    # Numbers handed out are never reused, even when the row behind the highest one is gone.
    base = max(target.last_reply_number, highest)
    title = _MARKDOWN_PUNCTUATION.sub(r"\\\1", source.title)
    rendered = render_post(f"**{title}**\n\n{source.body_source}")
    opening = Reply.objects.create(
        topic=target,
        author_id=source.author_id,
        number=base + 1,
        body_source=rendered.source,
        body_html=rendered.html,
        created_at=source.created_at,
        edited_at=source.edited_at,
        visibility=source.visibility,
    )
    moved = [
        Reply(pk=pk, topic_id=target.pk, number=number)
        for number, pk in enumerate(
            Reply.objects.filter(topic=source).order_by("number").values_list("pk", flat=True),
            start=base + 2,
        )
    ]
    # New numbers all lie above every number the target holds, so the (topic, number)
    # constraint cannot trip half-way through the update.
    Reply.objects.bulk_update(moved, ["topic", "number"], batch_size=500)
    return opening


def _merge_followers(source: Topic, target: Topic) -> None:
    stopped = TopicUnfollow.objects.filter(topic=target).values("member_id")
    followers = (
        TopicFollow.objects.filter(topic=source)
        .exclude(member_id__in=stopped)
        .values_list("member_id", flat=True)
    )
    TopicFollow.objects.bulk_create(
        [TopicFollow(member_id=member_id, topic=target) for member_id in followers],
        ignore_conflicts=True,
    )
    TopicFollow.objects.filter(topic=source).delete()


def _recount_replies(topic: Topic) -> None:
    """Set the topic's reply counters from its rows: count, highest number, latest reply."""
    replies = Reply.objects.filter(topic=topic)
    published = replies.filter(visibility=Visibility.PUBLISHED)
    latest = published.filter(deleted_at__isnull=True).order_by("-created_at", "-number").first()
    highest = replies.aggregate(highest=Max("number"))["highest"] or 0
    changes = {
        "reply_count": published.count(),
        "last_reply_number": highest,
        "last_reply": latest,
    }
    if latest is not None:
        # Approvals stamp activity later than a reply's own time, so never move it backwards.
        changes["last_activity_at"] = Greatest(F("last_activity_at"), latest.created_at)
    Topic.objects.filter(pk=topic.pk).update(**changes)


def _with_details(details: str, reason: str) -> str:
    reason = reason.strip()
    return f"{details} {reason}" if reason else details
