"""Demo forums: categories and the hand-written threads, then bulk filler only when asked.

The default demo holds only the threads written in `forums/demo_data/` (see demo_showcase).
Given --topics and/or --replies, generated topics and replies grow the same community to any
size for benchmarks (100,000 topics and 1,000,000 replies); counters and reputation are then
set from the rows in SQL.
"""

import random
from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from community.core.demo import Output
from community.core.markdown import render_markdown
from community.members.models import Audience, Profile, Region, User
from community.members.roles import Role

from .demo_moderation import seed_moderation_queue
from .demo_showcase import seed_showcase
from .models import (
    ForumCategoryPage,
    ForumIndexPage,
    ForumTag,
    Kudos,
    Reply,
    TaggedTopic,
    Topic,
    TopicFollow,
)
from .services import REPUTATION_FOR_KUDOS, REPUTATION_FOR_SOLUTION

BATCH = 5000
MAX_REPLIES_PER_TOPIC = 400

CATEGORIES = [
    ("Getting started", "getting-started", "New here? Setup, first campaigns and the basics.", "#2563eb", {}),
    ("Campaigns & email", "campaigns-email", "Building, testing and sending campaigns that land.", "#db2777", {}),
    ("Data & integrations", "data-integrations", "CRM sync, APIs, webhooks and data quality.", "#059669", {}),
    ("Analytics & reporting", "analytics-reporting", "Dashboards, attribution and proving ROI.", "#d97706", {}),
    ("B2C commerce", "b2c-commerce", "Retail and consumer journeys at scale.", "#7c3aed", {"audience": Audience.B2C}),
    ("EMEA community", "emea", "Peers across Europe, the Middle East and Africa.", "#0891b2", {"region": "EMEA"}),
    ("Product ideas", "product-ideas", "Tell the product team what to build next.", "#4f46e5", {}),
    ("Partner lounge", "partner-lounge", "For partners only: enablement, co-selling and previews.", "#b45309", {"restricted": Role.PARTNER}),
]  # fmt: skip

# Generated filler, for benchmark sizes only (the demo's own threads are in demo_data/):
# titles and bodies repeat, which is fine for measuring and never shown in the default demo.
QUESTION_TITLES = [
    "How do I score leads from webinar attendance?",
    "Best way to sync custom objects from Salesforce?",
    "Why are my emails landing in Promotions?",
    "Can I trigger a campaign from a webhook?",
    "How do you dedupe contacts imported from events?",
    "What is the right cadence for a nurture program?",
    "Is there a way to A/B test subject lines per segment?",
    "How do I report on multi-touch attribution?",
    "Dynamic content based on industry: how do you set it up?",
    "How do I throttle sends to protect our domain reputation?",
    "Can form fills update an existing contact's region?",
    "Where do I find the API rate limits for bulk imports?",
]
DISCUSSION_TITLES = [
    "Share your favourite welcome series",
    "What does your lead lifecycle look like?",
    "Lessons learned from migrating 2 million contacts",
    "Our results from switching to preference centers",
    "Show and tell: dashboards your sales team actually reads",
    "How we run campaigns across 12 countries",
    "Tips for getting started with account-based marketing",
    "What we changed after the new consent rules",
]
BODIES = [
    "We're running a monthly webinar series and want attendance to feed the lead score.\n\n"
    "- Registered but didn't attend: **+5**\n- Attended: **+15**\n- Stayed over 30 minutes: **+25**\n\n"
    "Has anyone built this with the standard connectors, or do we need a webhook?",
    "Here's what we tried so far:\n\n```sql\nSELECT email, MAX(score) FROM leads GROUP BY email;\n```\n\n"
    "It works, but it's slow on big lists. Any better approach?",
    "> We need to keep regional data in the region.\n\nThat's our legal team's ask. How do you handle "
    "segment-specific content without duplicating every email?",
    "Quick background: B2B SaaS, around 40k contacts, three regions. We're revisiting our nurture "
    "tracks and I'd love to compare notes with teams of a similar size.",
    "I followed the [setup guide](https://example.com/docs/setup) step by step, but the sync stops "
    "after the first 10,000 records. Logs show no error. What am I missing?",
]
REPLY_BODIES = [
    "We do exactly this: a smart list per webinar, then a scoring rule on **attended**. Took an hour.",
    "Check the API limits first; batching 300 records per call fixed it for us.",
    "+1, following. We hit the same thing last quarter.",
    "Have you tried a separate sending domain for marketing? Our inbox placement went up ~20%.",
    "Here's our setup:\n\n1. Segment by industry\n2. One email, dynamic blocks per segment\n3. Report by segment",
    "Great question. I'd start with the *data model*: which object owns the region?",
    "This worked for me:\n\n```python\nbatch = contacts[:300]\nclient.upsert(batch)\n```",
    "Thanks, this solved it! Marking as the solution.",
    "We moved to a monthly cadence and unsubscribes dropped by half.",
    "Partner here: we see this a lot. The fix is in the connector settings, under *field mapping*.",
]
TAGS = [
    "lead-scoring", "webinars", "salesforce", "deliverability", "api", "webhooks", "nurture",
    "ab-testing", "attribution", "dynamic-content", "gdpr", "reporting", "integrations", "abm",
]  # fmt: skip


# Replies per generated topic when only --topics is given.
DEFAULT_REPLIES_PER_TOPIC = 5


def add_arguments(parser) -> None:
    parser.add_argument(
        "--topics",
        type=int,
        default=None,
        help="Benchmarks: grow the forums to this many topics in all with generated filler. "
        "Without --topics or --replies only the hand-written threads are loaded.",
    )
    parser.add_argument(
        "--replies",
        type=int,
        default=None,
        help="Benchmarks: grow the forums to this many replies in all, spread over the "
        f"generated topics (default {DEFAULT_REPLIES_PER_TOPIC} per generated topic).",
    )


def seed_forums(options: dict[str, Any], out: Output) -> None:
    categories = _ensure_categories()
    if written := seed_showcase(out):
        _recount_categories()
        recompute_reputation()
        out(f"  {written} hand-written threads added.")
    seed_moderation_queue(out)
    if options.get("topics") is None and options.get("replies") is None:
        if not written:
            out(f"  {Topic.objects.count()} topics already there; nothing to add.")
        return
    _seed_filler(options, categories, out)


def _seed_filler(options: dict[str, Any], categories, out: Output) -> None:
    have_topics = Topic.objects.count()
    wanted_topics = max(options.get("topics") or have_topics, 0)
    if options.get("replies") is None:
        wanted_replies = Reply.objects.count() + DEFAULT_REPLIES_PER_TOPIC * max(
            wanted_topics - have_topics, 0
        )
    else:
        wanted_replies = max(options["replies"], 0)
    if have_topics >= wanted_topics:
        out(f"  {have_topics} topics already there; nothing to add.")
        return
    authors = list(User.objects.filter(is_active=True).values_list("pk", flat=True))
    if len(authors) < 2:
        out("  Not enough members to write topics; seed members first.")
        return
    rng = random.Random(2024 + have_topics)
    new_topics = wanted_topics - have_topics
    plan = _replies_per_topic(rng, new_topics, max(wanted_replies - Reply.objects.count(), 0))
    created_topics = created_replies = 0
    for start in range(0, new_topics, BATCH):
        topics, replies = _seed_batch(rng, plan[start : start + BATCH], categories, authors)
        created_topics += topics
        created_replies += replies
    _recount_categories()
    recompute_reputation()
    _refresh_planner_statistics()
    out(f"  {created_topics} topics and {created_replies} replies added.")


def _refresh_planner_statistics() -> None:
    """After a bulk load PostgreSQL's row estimates are stale and it picks slow plans until
    autovacuum catches up; analyse the forum tables now."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Topic, Reply, Kudos, TaggedTopic, TopicFollow)]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def _replies_per_topic(rng, topics: int, replies: int) -> list[int]:
    """How many replies each new topic gets: most few, some many, adding up to exactly `replies`."""
    if not topics:
        return []
    mean = replies / topics
    plan = [
        min(int(rng.expovariate(1 / mean)), MAX_REPLIES_PER_TOPIC) if mean else 0
        for _ in range(topics)
    ]
    missing = min(replies, topics * MAX_REPLIES_PER_TOPIC) - sum(plan)
    step = 1 if missing > 0 else -1
    while missing:
        index = rng.randrange(topics)
        if 0 <= plan[index] + step <= MAX_REPLIES_PER_TOPIC:
            plan[index] += step
            missing -= step
    return plan


def _ensure_categories() -> list[ForumCategoryPage]:
    forum_index = ForumIndexPage.objects.first()
    regions = {region.code: region for region in Region.objects.all()}
    categories = []
    for title, slug, description, colour, aim in CATEGORIES:
        category = ForumCategoryPage.objects.filter(slug=slug).first()
        if category is None:
            category = ForumCategoryPage(
                title=title,
                slug=slug,
                description=description,
                accent_colour=colour,
                target_audience=aim.get("audience", ""),
            )
            forum_index.add_child(instance=category)
            if "region" in aim:
                category.target_regions.set([regions[aim["region"]]])
            if "restricted" in aim:
                category.restricted_to.set([Group.objects.get(name=aim["restricted"].value)])
            category.save_revision().publish()
        categories.append(category)
    return categories


def _seed_batch(rng, reply_plan: list[int], categories, authors) -> tuple[int, int]:
    now = timezone.now()
    segments = {
        row["user_id"]: row
        for row in Profile.objects.filter(user_id__in=authors).values(
            "user_id", "industry_id", "country__region_id", "audience"
        )
    }
    rendered_bodies = [render_markdown(body) for body in BODIES]
    rendered_replies = [render_markdown(body) for body in REPLY_BODIES]
    topic_rows = []
    for reply_count in reply_plan:
        author = rng.choice(authors)
        segment = segments.get(author, {})
        is_question = rng.random() < 0.6
        title = rng.choice(QUESTION_TITLES if is_question else DISCUSSION_TITLES)
        body = rng.randrange(len(BODIES))
        created = now - timedelta(days=rng.uniform(0, 720))
        topic_rows.append(
            Topic(
                category=rng.choice(categories),
                author_id=author,
                kind=Topic.Kind.QUESTION if is_question else Topic.Kind.DISCUSSION,
                title=title,
                slug="",
                body_source=BODIES[body],
                body_html=rendered_bodies[body],
                created_at=created,
                last_activity_at=created,
                is_pinned=rng.random() < 0.01,
                # Read more the older and busier a topic is; never 0 once it has replies.
                view_count=round(
                    (rng.randint(3, 40) + reply_count * rng.randint(6, 25))
                    * (1 + (now - created).days / 60)
                ),
                industry_id=segment.get("industry_id"),
                region_id=segment.get("country__region_id"),
                audience=segment.get("audience", Audience.B2B),
            )
        )
    for topic in topic_rows:
        topic.slug = _slug_for(topic.title)
    with transaction.atomic():
        topics = Topic.objects.bulk_create(topic_rows, batch_size=1000)
        reply_rows = []
        for topic, count in zip(topics, reply_plan, strict=True):
            moment = topic.created_at
            for number in range(1, count + 1):
                moment = min(moment + timedelta(hours=rng.uniform(0.2, 30)), now)
                author = rng.choice(authors)
                if number == 1 and author == topic.author_id:
                    author = authors[(authors.index(author) + 1) % len(authors)]
                which = rng.randrange(len(REPLY_BODIES))
                reply_rows.append(
                    Reply(
                        topic_id=topic.pk,
                        author_id=author,
                        number=number,
                        body_source=REPLY_BODIES[which],
                        body_html=rendered_replies[which],
                        created_at=moment,
                    )
                )
        Reply.objects.bulk_create(reply_rows, batch_size=2000)
        topic_ids = [topic.pk for topic in topics]
        _seed_tags(rng, topics)
        _seed_kudos(rng, topics, reply_rows, authors)
        TopicFollow.objects.bulk_create(
            [TopicFollow(member_id=topic.author_id, topic_id=topic.pk) for topic in topics],
            ignore_conflicts=True,
        )
        _set_topic_counters(topic_ids)
        _mark_solutions(rng, topic_ids)
    return len(topics), len(reply_rows)


def _slug_for(title: str) -> str:
    return slugify(title)[:80].strip("-") or "topic"


def _seed_tags(rng, topics) -> None:
    tags = {
        name: ForumTag.objects.get_or_create(slug=name, defaults={"name": name})[0] for name in TAGS
    }
    topic_type = ContentType.objects.get_for_model(Topic)
    TaggedTopic.objects.bulk_create(
        [
            TaggedTopic(content_type=topic_type, object_id=topic.pk, tag=tags[name])
            for topic in topics
            for name in rng.sample(TAGS, rng.randint(0, 3))
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


def _seed_kudos(rng, topics, replies, authors) -> None:
    rows = []
    for topic in topics:
        for member in rng.sample(authors, min(len(authors), int(rng.expovariate(1 / 3)))):
            if member != topic.author_id:
                rows.append(Kudos(member_id=member, topic_id=topic.pk))
    for reply in rng.sample(replies, len(replies) // 3):
        for member in rng.sample(authors, min(len(authors), rng.randint(1, 4))):
            if member != reply.author_id:
                rows.append(Kudos(member_id=member, reply_id=reply.pk))
    Kudos.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def _count(rows, grouped_by: str) -> Coalesce:
    """How many of `rows` (filtered on the outer row) there are, as a subquery; 0 for none."""
    return Coalesce(Subquery(rows.values(grouped_by).annotate(n=Count("pk")).values("n")), 0)


def _set_topic_counters(topic_ids: list[int]) -> None:
    """Counters and the last reply, computed from the rows in one statement per field group."""
    topics = Topic.objects.filter(pk__in=topic_ids)
    replies = Reply.objects.filter(topic=OuterRef("pk"))
    last = replies.order_by("-number")
    topics.update(
        reply_count=_count(replies, "topic"),
        last_reply_number=Coalesce(Subquery(last.values("number")[:1]), 0),
        last_reply=Subquery(last.values("pk")[:1]),
        last_activity_at=Coalesce(Subquery(last.values("created_at")[:1]), F("created_at")),
        kudos_count=_count(Kudos.objects.filter(topic=OuterRef("pk")), "topic"),
    )
    Reply.objects.filter(topic_id__in=topic_ids).update(
        kudos_count=_count(Kudos.objects.filter(reply=OuterRef("pk")), "reply")
    )


def _mark_solutions(rng, topic_ids: list[int]) -> None:
    """Two in three answered questions have their first reply accepted."""
    answered = list(
        Topic.objects.filter(
            pk__in=topic_ids, kind=Topic.Kind.QUESTION, reply_count__gt=0
        ).values_list("pk", flat=True)
    )
    solved = [pk for pk in answered if rng.random() < 0.66]
    Topic.objects.filter(pk__in=solved).update(
        solution=Subquery(Reply.objects.filter(topic=OuterRef("pk"), number=1).values("pk")[:1])
    )


def _recount_categories() -> None:
    ForumCategoryPage.objects.update(
        topic_count=Coalesce(
            Subquery(
                Topic.objects.filter(category=OuterRef("pk"))
                .values("category")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )
    )


def recompute_reputation() -> None:
    """Set every member's reputation from the kudos and accepted solutions they received.

    Three GROUP BY passes and batched updates: one scan each, whatever the number of members.
    """
    points: dict[int, int] = defaultdict(int)
    kudos_by_author = [
        Kudos.objects.filter(topic__isnull=False)
        .values_list("topic__author")
        .annotate(n=Count("pk")),
        Kudos.objects.filter(reply__isnull=False)
        .values_list("reply__author")
        .annotate(n=Count("pk")),
    ]
    for rows in kudos_by_author:
        for author_id, count in rows:
            points[author_id] += count * REPUTATION_FOR_KUDOS
    solutions = (
        Topic.objects.filter(solution__isnull=False)
        .exclude(solution__author=F("author"))
        .values_list("solution__author")
        .annotate(n=Count("pk"))
    )
    for author_id, count in solutions:
        points[author_id] += count * REPUTATION_FOR_SOLUTION
    with transaction.atomic():
        Profile.objects.exclude(reputation=0).update(reputation=0)
        profiles = [
            Profile(pk=pk, reputation=points[user_id])
            for pk, user_id in Profile.objects.filter(user_id__in=points).values_list(
                "pk", "user_id"
            )
        ]
        Profile.objects.bulk_update(profiles, ["reputation"], batch_size=1000)
