"""What the forums put into the search index, and when it must look again.

A topic or reply is indexed while everyone who can open its category can see it: published, not
deleted, in a live category. Partners-only categories index their posts for those groups only.
Replies carry their topic's title, tags and solved state, so a change to the topic is a change
to every reply in it (`reindex_thread_later`). Questions are "solved" or "unsolved" in the
search's status facet; the accepted answer wears a badge, and so does the rest of a solved thread.
"""

import logging
from collections.abc import Iterable, Iterator

from django.db import transaction
from django_tasks import task

from community.search import (
    PUBLIC,
    SearchDocument,
    SearchType,
    Tag,
    group_access,
    index_pks_later,
    pk_batches,
    plain_text,
    remove_later,
)

from .models import ForumCategoryPage, Reply, Topic, Visibility

logger = logging.getLogger(__name__)

# Accepted answers and solved questions are what members look for first.
SOLVED_BOOST = 1.5
SOLUTION_BOOST = 2.0
BATCH = 1000

SOLVED, UNSOLVED = "solved", "unsolved"
SOLUTION = "solution"


class ForumSearch(SearchType):
    """What topics and replies share: questions' status, and the badges of solved threads."""

    statuses = {SOLVED: "Solved", UNSOLVED: "Unsolved"}
    badges = {SOLUTION: "Accepted solution", SOLVED: "Solved"}
    # Links made before the status facet was shared (e.g. "similar questions") say `solved=`.
    status_aliases = ("solved",)

    @staticmethod
    def question_status(topic: Topic) -> str:
        if not topic.is_question:
            return ""
        return SOLVED if topic.is_solved else UNSOLVED


def _access(category_id: int, restricted: dict[int, list[int]]) -> list[str]:
    groups = restricted.get(category_id)
    return [group_access(group_id) for group_id in groups] if groups else [PUBLIC]


def _restrictions(category_ids: Iterable[int]) -> dict[int, list[int]]:
    restricted: dict[int, list[int]] = {}
    through = ForumCategoryPage.restricted_to.through.objects.filter(
        forumcategorypage_id__in=set(category_ids)
    )
    for category_id, group_id in through.values_list("forumcategorypage_id", "group_id"):
        restricted.setdefault(category_id, []).append(group_id)
    return restricted


def _tags_by_topic(topic_ids: Iterable[int]) -> dict[int, list[Tag]]:
    from .models import TaggedTopic

    tags: dict[int, list[Tag]] = {}
    rows = TaggedTopic.objects.filter(
        object_id__in=set(topic_ids), content_type__model="topic"
    ).values_list("object_id", "tag__slug", "tag__name")
    for topic_id, slug, name in rows.order_by("tag__name"):
        tags.setdefault(topic_id, []).append(Tag(slug, name))
    return tags


def _segment(profile) -> dict:
    if profile is None:
        return {}
    return {
        "industry": profile.industry.slug if profile.industry_id else "",
        "region": profile.country.region.code.lower() if profile.country_id else "",
        "audience": profile.audience or "",
    }


class TopicSearch(ForumSearch):
    name = "topic"
    model = Topic
    label = "Topic"
    label_plural = "Topics"
    order = 10

    def documents(self, pks: list[int]) -> list[SearchDocument]:
        topics = list(
            Topic.objects.filter(
                pk__in=pks, visibility=Visibility.PUBLISHED, category__live=True
            ).select_related("author", "category", "industry", "region")
        )
        restricted = _restrictions(topic.category_id for topic in topics)
        tags = _tags_by_topic(topic.pk for topic in topics)
        documents = []
        for topic in topics:
            status = self.status(topic)
            documents.append(
                SearchDocument(
                    kind=self.name,
                    object_id=topic.pk,
                    title=topic.title,
                    body=plain_text(topic.body_html),
                    heading=topic.title,
                    context=topic.category.title,
                    url=topic.get_absolute_url(),
                    created_at=topic.created_at,
                    author_id=topic.author_id,
                    author_name=str(topic.author),
                    tags=tags.get(topic.pk, []),
                    industry=topic.industry.slug if topic.industry_id else "",
                    region=topic.region.code.lower() if topic.region_id else "",
                    audience=topic.audience,
                    status=status,
                    badge=SOLVED if status == SOLVED else "",
                    access=_access(topic.category_id, restricted),
                    boost=SOLVED_BOOST if status == SOLVED else 1.0,
                )
            )
        return documents

    def status(self, topic: Topic) -> str:
        return self.question_status(topic)

    def all_pks(self, *, batch_size: int = BATCH) -> Iterator[list[int]]:
        yield from pk_batches(Topic.objects.filter(visibility=Visibility.PUBLISHED), batch_size)


class ReplySearch(ForumSearch):
    name = "reply"
    model = Reply
    label = "Reply"
    label_plural = "Replies"
    order = 20
    # A reply's heading is its topic's title.
    heading_prefix = "Reply to "

    def documents(self, pks: list[int]) -> list[SearchDocument]:
        replies = list(
            Reply.objects.filter(
                pk__in=pks,
                visibility=Visibility.PUBLISHED,
                deleted_at__isnull=True,
                topic__visibility=Visibility.PUBLISHED,
                topic__category__live=True,
            ).select_related(
                "author__profile__industry",
                "author__profile__country__region",
                "topic",
            )
        )
        # Category titles only: a Wagtail page instance per reply would dominate a rebuild.
        category_ids = {reply.topic.category_id for reply in replies}
        titles = dict(
            ForumCategoryPage.objects.filter(pk__in=category_ids).values_list("pk", "title")
        )
        restricted = _restrictions(category_ids)
        tags = _tags_by_topic(reply.topic_id for reply in replies)
        documents = []
        for reply in replies:
            topic = reply.topic
            is_solution = topic.solution_id == reply.pk
            status = self.status(reply)
            documents.append(
                SearchDocument(
                    kind=self.name,
                    object_id=reply.pk,
                    body=plain_text(reply.body_html),
                    heading=topic.title,
                    context=titles.get(topic.category_id, ""),
                    url=reply.get_absolute_url(),
                    created_at=reply.created_at,
                    author_id=reply.author_id,
                    author_name=str(reply.author),
                    tags=tags.get(topic.pk, []),
                    search_tags=False,
                    status=status,
                    badge=SOLUTION if is_solution else (SOLVED if status == SOLVED else ""),
                    access=_access(topic.category_id, restricted),
                    boost=SOLUTION_BOOST if is_solution else 1.0,
                    **_segment(getattr(reply.author, "profile", None)),
                )
            )
        return documents

    def status(self, reply: Reply) -> str:
        # A reply is found under its question's status.
        return self.question_status(reply.topic)

    def all_pks(self, *, batch_size: int = BATCH) -> Iterator[list[int]]:
        yield from pk_batches(
            Reply.objects.filter(visibility=Visibility.PUBLISHED, deleted_at__isnull=True),
            batch_size,
        )


# --- Changes that reach beyond one row ------------------------------------------------------


def reindex_thread_later(*topics: Topic) -> None:
    """The topics and every reply in them (their title, tags, state or access changed)."""
    topic_ids = sorted({topic.pk for topic in topics if topic.pk})
    if topic_ids:
        transaction.on_commit(lambda: _enqueue(reindex_threads, topic_ids))


def reindex_category_later(category: ForumCategoryPage) -> None:
    """Everything in a category whose access or state changed."""
    category_id = category.pk
    transaction.on_commit(lambda: _enqueue(reindex_category, category_id))


def _enqueue(task_, argument) -> None:
    try:
        task_.enqueue(argument)
    except Exception:  # noqa: BLE001 - never fail a committed write over the index
        logger.exception("Could not queue a forum search reindex")


@task()
def reindex_threads(topic_ids: list[int]) -> int:
    index_pks_later("topic", topic_ids)
    replies = Reply.objects.filter(topic_id__in=topic_ids)
    count = len(topic_ids)
    for pks in pk_batches(replies, BATCH):
        index_pks_later("reply", pks)
        count += len(pks)
    return count


@task()
def reindex_category(category_id: int) -> int:
    topics = Topic.objects.filter(category_id=category_id)
    count = 0
    for pks in pk_batches(topics, BATCH):
        index_pks_later("topic", pks)
        count += len(pks)
        for reply_pks in pk_batches(Reply.objects.filter(topic_id__in=pks), BATCH):
            index_pks_later("reply", reply_pks)
            count += len(reply_pks)
    return count


# --- Signals: deletions, and changes made in the Wagtail admin ------------------------------


def _post_deleted(sender, instance, **kwargs) -> None:
    remove_later(instance)


def _category_changed(sender, instance, **kwargs) -> None:
    # Publishing may restrict or open the category, or change its address; unpublishing
    # hides it. Either way, everything in it is looked at again.
    reindex_category_later(instance)


def _tag_saved(sender, instance, created, **kwargs) -> None:
    if created:
        return
    from .models import TaggedTopic

    topic_ids = list(TaggedTopic.objects.filter(tag=instance).values_list("object_id", flat=True))
    if topic_ids:
        transaction.on_commit(lambda: _enqueue(reindex_threads, topic_ids))


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    from .models import ForumTag

    post_delete.connect(_post_deleted, sender=Topic, dispatch_uid="search_topic_deleted")
    post_delete.connect(_post_deleted, sender=Reply, dispatch_uid="search_reply_deleted")
    page_published.connect(
        _category_changed, sender=ForumCategoryPage, dispatch_uid="search_category_published"
    )
    page_unpublished.connect(
        _category_changed, sender=ForumCategoryPage, dispatch_uid="search_category_unpublished"
    )
    post_save.connect(_tag_saved, sender=ForumTag, dispatch_uid="search_tag_renamed")
