"""Reactions to posts: kudos on a topic or a reply, which earn its author reputation."""

from django.db import IntegrityError, transaction
from django.db.models import F

from community.core.ratelimit import check_rate
from community.members.models import Profile, User
from community.notifications.kinds import Kind
from community.notifications.services import notify

from .. import live, permissions
from ..models import Kudos, Reply, Topic

REPUTATION_FOR_KUDOS = 1


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
