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


class TopicModeration(Moderatable):
    model = Topic

    def author(self, item: Topic):
        return item.author

    def title(self, item: Topic) -> str:
        return item.title

    def excerpt(self, item: Topic) -> str:
        return _excerpt(item.body_html)

    def fallback_url(self, item: Topic) -> str:
        return item.category.url

    def context(self, item: Topic) -> str:
        return item.category.title

    def is_visible(self, item: Topic) -> bool:
        return item.visibility == Visibility.PUBLISHED

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

    def hide(self, item: Topic) -> None:
        self._set(item, Visibility.HIDDEN)

    def restore(self, item: Topic) -> None:
        if item.merged_into_id:
            raise PermissionDenied(
                "This topic was merged into another one; its replies live there now."
            )
        self._set(item, Visibility.PUBLISHED)

    def delete(self, item: Topic) -> None:
        self._set(item, Visibility.DELETED)

    def hold(self, item: Topic) -> None:
        self._set(item, Visibility.HELD)

    def approve(self, item: Topic) -> None:
        from .services import announce_topic

        self._set(item, Visibility.PUBLISHED)
        announce_topic(item)

    def hide_everything_by(self, member) -> int:
        topics = list(
            Topic.objects.filter(
                author=member, visibility__in=[Visibility.PUBLISHED, Visibility.HELD]
            )
        )
        for topic in topics:
            # Held spam never needs review: it goes straight to removed.
            if topic.visibility == Visibility.HELD:
                self.delete(topic)
            else:
                self.hide(topic)
        return len(topics)

    def state(self, item: Topic) -> str:
        return item.visibility

    def held(self) -> QuerySet[Topic]:
        # An edit can send a published topic back for approval; it waits from then on.
        return Topic.objects.filter(visibility=Visibility.HELD).annotate(
            held_since=Coalesce("edited_at", "created_at")
        )

    def load(self, pks: Iterable[int]) -> dict[int, Topic]:
        return Topic.objects.select_related("author__profile", "category").in_bulk(list(pks))

    def body_html(self, item: Topic) -> str:
        return item.body_html

    def edit_url(self, item: Topic) -> str:
        return reverse("forums:edit_topic", args=[item.pk])


class ReplyModeration(Moderatable):
    model = Reply

    def author(self, item: Reply):
        return item.author

    def title(self, item: Reply) -> str:
        return f"Reply #{item.number} to “{item.topic.title}”"

    def excerpt(self, item: Reply) -> str:
        return _excerpt(item.body_html)

    def fallback_url(self, item: Reply) -> str:
        return item.topic.get_absolute_url()

    def context(self, item: Reply) -> str:
        return item.topic.category.title

    def is_visible(self, item: Reply) -> bool:
        return item.visibility == Visibility.PUBLISHED

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

    def hide(self, item: Reply) -> None:
        self._set(item, Visibility.HIDDEN)

    def restore(self, item: Reply) -> None:
        self._set(item, Visibility.PUBLISHED)

    def delete(self, item: Reply) -> None:
        self._set(item, Visibility.DELETED)

    def hold(self, item: Reply) -> None:
        self._set(item, Visibility.HELD)

    def approve(self, item: Reply) -> None:
        from .services import announce_reply

        self._set(item, Visibility.PUBLISHED)
        announce_reply(item)

    def hide_everything_by(self, member) -> int:
        replies = list(
            Reply.objects.filter(
                author=member, visibility__in=[Visibility.PUBLISHED, Visibility.HELD]
            )
        )
        for reply in replies:
            if reply.visibility == Visibility.HELD:
                self.delete(reply)
            else:
                self.hide(reply)
        return len(replies)

    def state(self, item: Reply) -> str:
        return item.visibility

    def held(self) -> QuerySet[Reply]:
        return Reply.objects.filter(visibility=Visibility.HELD).annotate(
            held_since=Coalesce("edited_at", "created_at")
        )

    def load(self, pks: Iterable[int]) -> dict[int, Reply]:
        return Reply.objects.select_related("author__profile", "topic__category").in_bulk(list(pks))

    def body_html(self, item: Reply) -> str:
        return item.body_html

    def edit_url(self, item: Reply) -> str:
        return reverse("forums:edit_reply", args=[item.pk])
