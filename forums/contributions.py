"""Everything the forums contribute to the community's core (see `community.core.extensions`)."""

from django.db.models import Count

from community.core.demo import Seeder
from community.core.extensions import ContentDescriptor, Contributions
from community.listening.sources import SentimentSource
from community.members.profile_sections import ProfileFact, ProfileSection
from community.notifications.kinds import Delivery, KindInfo

from . import demo, demo_segments, drafts, insight_source, selectors
from .models import Reply, Topic, Visibility
from .moderation import ReplyModeration, TopicModeration
from .notification_kinds import ForumKind
from .permissions import openable_topics, shown_replies
from .search import ReplySearch, TopicSearch, connect_signals


def _openable_topics(viewer):
    # A topic's address names its category.
    return openable_topics(viewer).select_related("category")


def _openable_replies(viewer):
    # Shown replies (not deleted) in a topic the viewer may open; a reply's report page names
    # its topic and category.
    replies = Reply.objects.filter(
        deleted_at__isnull=True, topic__in=openable_topics(viewer).values("pk")
    ).select_related("topic__category")
    return shown_replies(viewer, replies)


def _profile_activity(member, viewer) -> dict:
    return {
        **selectors.member_activity(member, viewer=viewer),
        "stylesheet": "community/css/forums.css",
    }


def _published_topics():
    return Topic.objects.filter(visibility=Visibility.PUBLISHED)


def _published_replies():
    # A reply counts while it and its topic are both shown to everyone.
    return Reply.objects.filter(
        visibility=Visibility.PUBLISHED,
        deleted_at__isnull=True,
        topic__visibility=Visibility.PUBLISHED,
    )


SENTIMENT_SOURCES = [
    SentimentSource(
        model=Topic,
        kind="forum_topic",
        text=lambda topic: f"{topic.title}\n\n{topic.body_source}",
        member_id=lambda topic: topic.author_id,
        written_at=lambda topic: topic.created_at,
        rows=_published_topics,
        thread_model=Topic,
        thread_id=lambda topic: topic.pk,
    ),
    SentimentSource(
        model=Reply,
        kind="forum_reply",
        text=lambda reply: reply.body_source,
        member_id=lambda reply: reply.author_id,
        written_at=lambda reply: reply.created_at,
        rows=_published_replies,
        thread_model=Topic,
        thread_id=lambda reply: reply.topic_id,
    ),
]


def _accepted_solutions(member_ids) -> dict[int, int]:
    """How many of each member's replies were accepted as a question's solution."""
    return dict(
        Topic.objects.filter(solution__author_id__in=member_ids)
        .values_list("solution__author_id")
        .annotate(count=Count("pk"))
    )


contributions = Contributions(
    content=[
        ContentDescriptor(
            model=Topic, kind="topic", label="Topic", icon="doc-full", openable=_openable_topics
        ),
        ContentDescriptor(
            model=Reply, kind="reply", label="Reply", icon="comment", openable=_openable_replies
        ),
    ],
    moderation=[TopicModeration(), ReplyModeration()],
    search_types=[TopicSearch(), ReplySearch()],
    notification_kinds=[
        KindInfo(
            ForumKind.REPLY_TO_YOUR_TOPIC,
            "Replies to your topics",
            "Someone answers a topic or question you started.",
            default=Delivery.EMAIL,
            order=10,
            icon="forums",
        ),
        KindInfo(
            ForumKind.REPLY_IN_FOLLOWED_TOPIC,
            "Replies in topics you follow",
            "New replies in topics you follow or took part in.",
            default=Delivery.DIGEST,
            order=20,
            icon="forums",
        ),
        KindInfo(
            ForumKind.TOPIC_IN_FOLLOWED_CATEGORY,
            "New topics in categories you follow",
            "Someone starts a topic in a forum category you follow.",
            default=Delivery.DIGEST,
            order=30,
            icon="forums",
        ),
        KindInfo(
            ForumKind.SOLUTION_ACCEPTED,
            "Accepted solutions",
            "Your reply is accepted as the solution to a question.",
            order=50,
            icon="success",
        ),
    ],
    profile_sections=[
        ProfileSection(
            title="Forum activity",
            template="forums/includes/profile_activity.html",
            order=10,
            load=_profile_activity,
        )
    ],
    profile_facts=[ProfileFact(label="accepted solutions", order=10, count=_accepted_solutions)],
    exporters={"forums": selectors.export_for_member},
    seeders=[
        Seeder(name="forums", order=20, seed=demo.seed_forums, add_arguments=demo.add_arguments),
        Seeder(name="recent-questions", order=25, seed=demo_segments.seed_recent_questions),
    ],
    draft_kinds=drafts.DRAFT_KINDS,
    sentiment_sources=SENTIMENT_SOURCES,
    insight_sources=[insight_source.source],
    startup=[connect_signals],
)
