"""A few complete, solved threads for the demo: a question whose body says what its title asks,
answers that answer it, tags and an accepted solution, so search and "similar questions" show
what they do with believable content. Added once, whatever the size of the bulk seed."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from community.core.markdown import render_markdown
from community.members.models import Profile

from .models import ForumCategoryPage, ForumTag, Reply, TaggedTopic, Topic, TopicFollow

# (category slug, asker's industry, title, body, tags, [replies...], index of the accepted reply)
THREADS = [
    (
        "data-integrations",
        "healthcare-life-sciences",
        "How do I set up single sign-on with Okta?",
        "Our IT team wants everyone to log in through Okta. I found the SAML settings page, but "
        "the test login fails with *invalid audience*. Has anyone connected Okta successfully?",
        ["sso", "okta", "security"],
        [
            "Check that the **Audience URI** in Okta is exactly the entity ID shown on the SAML "
            "settings page, including the trailing slash. Then upload the Okta signing "
            "certificate and map the `email` attribute. That fixed *invalid audience* for us.",
            "Also make sure the users exist on our side first, or turn on just-in-time "
            "provisioning.",
        ],
        0,
    ),
    (
        "data-integrations",
        "financial-services",
        "Salesforce sync stops after 10,000 records",
        "The nightly Salesforce sync imports exactly 10,000 contacts and stops. No error in the "
        "sync log. Is there a limit I'm missing?",
        ["salesforce", "integrations", "api"],
        [
            "That's the default batch ceiling of the connector. Raise **Max records per run** in "
            "the connector settings, or split the sync by last-modified date.",
            "We had the same; splitting by last-modified date also made it faster.",
        ],
        0,
    ),
    (
        "campaigns-email",
        "retail-e-commerce",
        "Why do our newsletters land in the Promotions tab?",
        "Open rates dropped since Gmail started filing our newsletter under Promotions. "
        "What actually moves it back to the primary inbox?",
        ["deliverability", "email"],
        [
            "Fewer images and links, a plain-text version, and a real reply-to address helped "
            "us most. A separate sending domain for marketing raised inbox placement too.",
            "Ask subscribers to drag one email to Primary in your welcome series; Gmail learns.",
        ],
        0,
    ),
    (
        "analytics-reporting",
        "software-saas",
        "What's the cleanest way to score webinar attendance?",
        "We run monthly webinars and want attendance to feed the lead score: registered, "
        "attended, stayed to the end. What's the cleanest setup?",
        ["lead-scoring", "webinars"],
        [
            "Create a smart list per webinar, then three scoring rules: **registered +5**, "
            "**attended +15**, **stayed 30+ minutes +25**. The webinar connector sets the "
            "attendance fields for you.",
            "Add a decay rule so old attendance stops counting after 90 days.",
        ],
        0,
    ),
    (
        "campaigns-email",
        "education",
        "How do we collect GDPR consent on event registration forms?",
        "For our EMEA events we need explicit consent before we email attendees afterwards. "
        "How are others handling consent on registration forms?",
        ["gdpr", "events", "forms"],
        [
            "Add an unticked consent checkbox bound to a consent field, store the timestamp and "
            "the wording version, and filter your follow-up campaign on that field.",
        ],
        0,
    ),
]


def seed_showcase(authors: list[int]) -> int:
    """Create the showcase threads that are not there yet; returns how many were added."""
    categories = {c.slug: c for c in ForumCategoryPage.objects.all()}
    existing = set(
        Topic.objects.filter(title__in=[t[2] for t in THREADS]).values_list("title", flat=True)
    )
    by_industry = dict(
        Profile.objects.filter(user_id__in=authors)
        .order_by("user_id")
        .values_list("industry__slug", "user_id")
    )
    added = 0
    now = timezone.now()
    for offset, (slug, industry, title, body, tags, replies, accepted) in enumerate(THREADS):
        category = categories.get(slug)
        if title in existing or category is None:
            continue
        asker = by_industry.get(industry, authors[offset % len(authors)])
        with transaction.atomic():
            topic = _topic(category, asker, title, body, now - timedelta(days=3 + offset * 9))
            _tag(topic, tags)
            answers = _replies(topic, replies, [a for a in authors if a != asker], offset)
            Topic.objects.filter(pk=topic.pk).update(
                reply_count=len(answers),
                last_reply_number=len(answers),
                last_reply=answers[-1],
                last_activity_at=answers[-1].created_at,
                solution=answers[accepted],
            )
            TopicFollow.objects.get_or_create(member_id=asker, topic=topic)
        added += 1
    return added


def _topic(category, asker: int, title: str, body: str, created) -> Topic:
    profile = Profile.objects.select_related("country").get(user_id=asker)
    return Topic.objects.create(
        category=category,
        author_id=asker,
        kind=Topic.Kind.QUESTION,
        title=title,
        body_source=body,
        body_html=render_markdown(body),
        created_at=created,
        last_activity_at=created,
        industry_id=profile.industry_id,
        region_id=profile.country.region_id if profile.country_id else None,
        audience=profile.audience,
    )


def _tag(topic: Topic, names: list[str]) -> None:
    for name in names:
        tag, _ = ForumTag.objects.get_or_create(slug=name, defaults={"name": name})
        TaggedTopic.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(Topic), object_id=topic.pk, tag=tag
        )


def _replies(topic: Topic, bodies: list[str], authors: list[int], offset: int) -> list[Reply]:
    return [
        Reply.objects.create(
            topic=topic,
            author_id=authors[(offset * 3 + number) % len(authors)],
            number=number,
            body_source=body,
            body_html=render_markdown(body),
            created_at=topic.created_at + timedelta(hours=2 * number),
        )
        for number, body in enumerate(bodies, start=1)
    ]
