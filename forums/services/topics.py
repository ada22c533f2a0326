"""Topics: starting one (and announcing it once it is published), editing it, counting its views."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from community.core.markdown import Rendered
from community.core.ratelimit import check_rate
from community.core.view_counting import first_view
from community.members.models import Profile, User
from community.moderation.services import record_action
from community.moderation.trust import screen_post
from community.notifications.services import notify
from community.search import index_later

from .. import permissions
from ..models import (
    CategoryFollow,
    ForumCategoryPage,
    PostRevision,
    Topic,
    TopicFollow,
    Visibility,
)
from ..notification_kinds import ForumKind
from ._posting import (
    hold_if_screened,
    just_posted,
    normalise_tags,
    normalise_text,
    render_post,
    tell_mentioned,
)


def _segment_of(author: User) -> dict:
    profile = Profile.objects.select_related("country").get(user=author)
    return {
        "industry_id": profile.industry_id,
        "region_id": profile.country.region_id if profile.country_id else None,
        "audience": profile.audience,
    }


def _lock_member(member: User) -> None:
    # Serialises one member's posting, so the double-submit check cannot race with itself.
    User.objects.select_for_update().filter(pk=member.pk).exists()


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
        duplicate = just_posted(
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
    mentioned = tell_mentioned(topic, topic, rendered)
    followers = CategoryFollow.objects.filter(category=topic.category).values_list(
        "member_id", flat=True
    )
    notify(
        kind=ForumKind.TOPIC_IN_FOLLOWED_CATEGORY,
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
    from ..search import reindex_thread_later

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
        hold_if_screened(topic, screening)
    return topic


def record_view(*, topic: Topic, visitor_key: str) -> bool:
    """Count a view once per visitor per hour; returns whether it counted."""
    if not first_view("forums", topic.pk, visitor_key):
        return False
    Topic.objects.filter(pk=topic.pk).update(view_count=F("view_count") + 1)
    return True
