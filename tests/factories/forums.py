"""Forum categories, topics and replies, written through the forum services so that reply numbers,
counters, follows and notifications are exactly what members would produce.

For volume (hundreds of topics, a topic with a hundred replies) `seed_topics` and `seed_replies`
insert rows in bulk with the counters set consistently, as the demo seeder does.
"""

from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from community.core.markdown import render_markdown
from community.members.models import Profile
from forums import services
from forums.models import ForumCategoryPage, ForumIndexPage, Reply, Topic
from tests.factories.members import CustomerFactory
from tests.factories.pages import section_index

CATEGORY_NAMES = [
    "Campaigns & email",
    "Data & integrations",
    "Analytics & reporting",
    "Getting started",
    "Product ideas",
]
QUESTION_TITLES = [
    "How do I score leads from webinar attendance?",
    "Best way to sync custom objects from Salesforce?",
    "Why are my emails landing in Promotions?",
    "Can I trigger a campaign from a webhook?",
    "How do you dedupe contacts imported from events?",
    "Is there a way to A/B test subject lines per segment?",
]
TOPIC_BODIES = [
    "We run a monthly webinar series and want attendance to feed the lead score.\n\n"
    "- Registered but didn't attend: **+5**\n- Attended: **+15**\n\nHas anyone built this?",
    "Here's what we tried so far:\n\n```sql\nSELECT email, MAX(score) FROM leads GROUP BY email;\n```"
    "\n\nIt works, but it's slow on big lists. Any better approach?",
    "Quick background: B2B SaaS, around 40k contacts, three regions. We're revisiting our "
    "nurture tracks and would love to compare notes with teams of a similar size.",
]
REPLY_BODIES = [
    "We do exactly this: a smart list per webinar, then a scoring rule on **attended**.",
    "Check the API limits first; batching 300 records per call fixed it for us.",
    "Have you tried a separate sending domain for marketing? Inbox placement went up for us.",
    "I'd start with the *data model*: which object owns the region?",
]


def forum_index() -> ForumIndexPage:
    """The /forums/ page, creating the site tree when the test has none yet."""
    return section_index(ForumIndexPage)


def _groups(values) -> list[Group]:
    return [
        value if isinstance(value, Group) else Group.objects.get(name=str(value))
        for value in values
    ]


class ForumCategoryFactory(factory.Factory):
    """A live category under /forums/. `restricted_to=[Role.PARTNER]` (roles or groups) limits it."""

    class Meta:
        model = ForumCategoryPage

    title = factory.Sequence(lambda n: f"{CATEGORY_NAMES[n % len(CATEGORY_NAMES)]} {n}")
    slug = factory.LazyAttribute(lambda category: slugify(category.title))
    description = factory.Faker("sentence", nb_words=10)

    @classmethod
    def _create(cls, model_class, *args, restricted_to=(), **kwargs):
        category = model_class(**kwargs)
        forum_index().add_child(instance=category)
        if restricted_to:
            category.restricted_to.set(_groups(restricted_to))
            category.save()
        return category


class TopicFactory(factory.Factory):
    """A topic started through `services.create_topic` (the author follows it, counters move).

    Fields the service does not take (`is_pinned`, `is_locked`, `created_at`, ...) are applied
    afterwards with an UPDATE.
    """

    class Meta:
        model = Topic

    category = factory.SubFactory(ForumCategoryFactory)
    author = factory.SubFactory(CustomerFactory)
    kind = Topic.Kind.QUESTION
    title = factory.Sequence(lambda n: f"{QUESTION_TITLES[n % len(QUESTION_TITLES)]} #{n}")
    body = factory.Sequence(lambda n: f"{TOPIC_BODIES[n % len(TOPIC_BODIES)]}\n\nRef {n}.")
    tags = factory.LazyFunction(list)

    @classmethod
    def _build(cls, model_class, *args, body, tags, **kwargs):
        return model_class(body_source=body, body_html=render_markdown(body), **kwargs)

    @classmethod
    def _create(cls, model_class, *args, category, author, kind, title, body, tags, **extra):
        topic = services.create_topic(
            category=category, author=author, kind=kind, title=title, body=body, tags=tags
        )
        if extra:
            Topic.objects.filter(pk=topic.pk).update(**extra)
            topic.refresh_from_db()
        return topic


class ReplyFactory(factory.Factory):
    """A reply posted through `services.post_reply`, so it is numbered and counted."""

    class Meta:
        model = Reply

    topic = factory.SubFactory(TopicFactory)
    author = factory.SubFactory(CustomerFactory)
    body = factory.Sequence(lambda n: f"{REPLY_BODIES[n % len(REPLY_BODIES)]} ({n})")

    @classmethod
    def _build(cls, model_class, *args, body, **kwargs):
        return model_class(body_source=body, body_html=render_markdown(body), **kwargs)

    @classmethod
    def _create(cls, model_class, *args, topic, author, body, **extra):
        reply = services.post_reply(topic=topic, author=author, body=body)
        if extra:
            Reply.objects.filter(pk=reply.pk).update(**extra)
            reply.refresh_from_db()
        return reply


def seed_topics(*, category: ForumCategoryPage, authors, count: int, **fields) -> list[Topic]:
    """`count` topics in bulk, one minute apart (the first is the newest), no replies yet."""
    now = timezone.now()
    # Each author's segment, under the names of the topic's fields.
    profiles = Profile.objects.filter(user__in=authors)
    segments = {
        row.pop("user_id"): row
        for row in profiles.values(
            "user_id", "industry_id", "audience", region_id=F("country__region_id")
        )
    }
    bodies = [(body, render_markdown(body)) for body in TOPIC_BODIES]
    rows = []
    for index in range(count):
        author = authors[index % len(authors)]
        title = f"{QUESTION_TITLES[index % len(QUESTION_TITLES)]} (seeded {index})"
        source, html = bodies[index % len(bodies)]
        moment = now - timedelta(minutes=index + 1)
        rows.append(
            Topic(
                category=category,
                author=author,
                kind=Topic.Kind.QUESTION,
                title=title,
                slug=slugify(title)[:80].strip("-"),
                body_source=source,
                body_html=html,
                created_at=moment,
                last_activity_at=moment,
                **segments[author.pk],
                **fields,
            )
        )
    topics = Topic.objects.bulk_create(rows, batch_size=500)
    ForumCategoryPage.objects.filter(pk=category.pk).update(
        topic_count=F("topic_count") + len(topics)
    )
    return topics


def seed_replies(*, topic: Topic, authors, count: int) -> list[Reply]:
    """`count` replies in bulk at the end of the topic, with its counters kept consistent."""
    topic.refresh_from_db()
    start = topic.last_reply_number
    html = {body: render_markdown(body) for body in REPLY_BODIES}
    moment = timezone.now()
    rows = []
    for offset in range(1, count + 1):
        body = REPLY_BODIES[offset % len(REPLY_BODIES)]
        rows.append(
            Reply(
                topic=topic,
                author=authors[offset % len(authors)],
                number=start + offset,
                body_source=body,
                body_html=html[body],
                created_at=moment - timedelta(seconds=count - offset),
            )
        )
    Reply.objects.bulk_create(rows, batch_size=500)
    replies = list(Reply.objects.filter(topic=topic, number__gt=start).order_by("number"))
    last = replies[-1]
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=F("reply_count") + count,
        last_reply_number=last.number,
        last_reply=last,
        last_activity_at=last.created_at,
    )
    topic.refresh_from_db()
    return replies
