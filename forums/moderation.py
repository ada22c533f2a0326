"""Topics and replies as moderatable content: what the review queue shows and how it acts
(declared to the core in contributions.py, with who may open them).

Counters follow visibility: a topic's reply count and its category's topic count include only
published posts, so hiding or restoring moves them with F() expressions.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator

from community.moderation.registry import Moderatable
from community.search import index_later

from .models import ForumCategoryPage, Reply, Topic, Visibility
from .search import reindex_thread_later


def _excerpt(html: str) -> str:
    return Truncator(strip_tags(html)).chars(280)


class _PostModeration(Moderatable):
    """What topics and replies share: both keep their state in `visibility`, which `_set` moves
    along with the counters that follow it."""

    model: type[Topic] | type[Reply]
    #: What the queue's rows read, joined in when a page of them is loaded.
    related: tuple[str, ...] = ()
    #: The forum view where a community manager edits the post's text.
    edit_view = ""

    def _set(self, item, visibility: str) -> None:
        raise NotImplementedError

    def author(self, item):
        return item.author

    def excerpt(self, item) -> str:
        return _excerpt(item.body_html)

    def is_visible(self, item) -> bool:
        return item.visibility == Visibility.PUBLISHED

    def hide(self, item) -> None:
        self._set(item, Visibility.HIDDEN)

    def restore(self, item) -> None:
        self._set(item, Visibility.PUBLISHED)

    def delete(self, item) -> None:
        self._set(item, Visibility.DELETED)

    def hold(self, item) -> None:
        self._set(item, Visibility.HELD)

    def hide_everything_by(self, member) -> int:
        return self.take_down(
            self.model.objects.filter(
                author=member, visibility__in=[Visibility.PUBLISHED, Visibility.HELD]
            )
        )

    def state(self, item) -> str:
        return item.visibility

    def held(self) -> QuerySet:
        # An edit can send a published post back for approval; it waits from then on.
        return self.model.objects.filter(visibility=Visibility.HELD).annotate(
            held_since=Coalesce("edited_at", "created_at")
        )

    def load(self, pks: Iterable[int]) -> dict:
        return self.model.objects.select_related(*self.related).in_bulk(list(pks))

    def body_html(self, item) -> str:
        return item.body_html

    def edit_url(self, item) -> str:
        return reverse(self.edit_view, args=[item.pk])


class TopicModeration(_PostModeration):
    model = Topic
    related = ("author__profile", "category")
    edit_view = "forums:edit_topic"

    def title(self, item: Topic) -> str:
        return item.title

    def fallback_url(self, item: Topic) -> str:
        return item.category.url

    def context(self, item: Topic) -> str:
        return item.category.title

    def _set(self, item: Topic, visibility: str) -> None:
        with transaction.atomic():
            # A topic's replies are searchable only while the topic itself is.
            reindex_thread_later(item)
            locked = Topic.objects.select_for_update().get(pk=item.pk)
            was_published = locked.visibility == Visibility.PUBLISHED
            Topic.objects.filter(pk=item.pk).update(visibility=visibility)
            now_published = visibility == Visibility.PUBLISHED
            if was_published != now_published:
                ForumCategoryPage.objects.filter(pk=locked.category_id).update(
                    topic_count=F("topic_count") + (1 if now_published else -1)
                )
        item.visibility = visibility

    def restore(self, item: Topic) -> None:
        if item.merged_into_id:
            raise PermissionDenied(
                "This topic was merged into another one; its replies live there now."
            )
        super().restore(item)

    def approve(self, item: Topic) -> None:
        from .services import announce_topic

        self._set(item, Visibility.PUBLISHED)
        announce_topic(item)


class ReplyModeration(_PostModeration):
    model = Reply
    related = ("author__profile", "topic__category")
    edit_view = "forums:edit_reply"

    def title(self, item: Reply) -> str:
        return f"Reply #{item.number} to “{item.topic.title}”"

    def fallback_url(self, item: Reply) -> str:
        return item.topic.get_absolute_url()

    def context(self, item: Reply) -> str:
        return item.topic.category.title

    def _set(self, item: Reply, visibility: str) -> None:
        with transaction.atomic():
            topic = Topic.objects.select_for_update().get(pk=item.topic_id)
            was_published = Reply.objects.get(pk=item.pk).visibility == Visibility.PUBLISHED
            Reply.objects.filter(pk=item.pk).update(visibility=visibility)
            now_published = visibility == Visibility.PUBLISHED
            index_later(item)
            if was_published != now_published:
                Topic.objects.filter(pk=topic.pk).update(
                    reply_count=F("reply_count") + (1 if now_published else -1)
                )
                if not now_published and topic.solution_id == item.pk:
                    Topic.objects.filter(pk=topic.pk).update(solution=None)
                    reindex_thread_later(topic)
                # The listing names the last replier: it must be a reply everyone can see.
                latest = (
                    Reply.objects.filter(topic=topic, visibility=Visibility.PUBLISHED)
                    .order_by("-number")
                    .first()
                )
                Topic.objects.filter(pk=topic.pk).update(
                    last_reply=latest,
                    last_activity_at=latest.created_at if latest else topic.created_at,
                )
        item.visibility = visibility

    def approve(self, item: Reply) -> None:
        from .services import announce_reply

        self._set(item, Visibility.PUBLISHED)
        announce_reply(item)
