"""Notifications, notification preferences and announcements as members and managers make them.

`NotificationFactory` writes the row directly (no live push, no e-mail); tests of what `notify()`
does call the service itself. `NotificationFactory(read=True)` is one the member has opened.
"""

import factory
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from community.core.markdown import render_markdown
from community.notifications.kinds import Delivery, Kind
from community.notifications.models import Announcement, Notification, NotificationPreference
from forums.notification_kinds import ForumKind
from tests.factories.members import CommunityManagerFactory, CustomerFactory

TOPIC_TITLES = [
    "How do I score leads from webinar attendance?",
    "Best way to sync custom objects from Salesforce?",
    "Why are my emails landing in Promotions?",
    "Can I trigger a campaign from a webhook?",
]
ANNOUNCEMENT_TITLES = [
    "Spring release: journeys get branching by segment",
    "Scheduled maintenance of the EU data centre on Saturday",
    "Join the customer advisory board for healthcare teams",
    "New API limits for bulk imports from 1 June",
]
ANNOUNCEMENT_BODIES = [
    "The spring release is rolling out this week.\n\n"
    "- **Branching journeys**: split a journey by industry or region\n"
    "- Faster imports for lists over 100k contacts\n\nRead the release notes for the details.",
    "We'll upgrade the EU data centre on **Saturday from 06:00 to 08:00 CET**. "
    "Campaigns scheduled in that window go out right after.",
    "We're inviting six teams to shape the roadmap with us. Sessions are monthly, one hour, "
    "and remote. Reply to this announcement if you'd like a seat.",
]


class NotificationFactory(DjangoModelFactory):
    """A reply notification in a member's center, unread and shown on the site only."""

    class Meta:
        model = Notification

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(timezone.now))

    recipient = factory.SubFactory(CustomerFactory)
    actor = factory.SubFactory(CustomerFactory)
    kind = ForumKind.REPLY_IN_FOLLOWED_TOPIC
    text = factory.LazyAttributeSequence(
        lambda n, i: f"{n.actor or 'Someone'} replied in “{TOPIC_TITLES[i % len(TOPIC_TITLES)]}”"
    )
    url = factory.Sequence(lambda i: f"/forums/getting-started/t/{1000 + i}/?page=1#reply-2")
    delivery = Delivery.WEB


class NotificationPreferenceFactory(DjangoModelFactory):
    """A member who chose to hear of kudos in the daily digest instead of on the site only."""

    class Meta:
        model = NotificationPreference
        django_get_or_create = ("member", "kind")

    member = factory.SubFactory(CustomerFactory)
    kind = Kind.KUDOS
    delivery = Delivery.DIGEST


def _set_many(field: str, resolve=lambda value: value):
    def assign(announcement, create, extracted, **kwargs):
        if create and extracted:
            getattr(announcement, field).set([resolve(value) for value in extracted])

    return factory.PostGeneration(assign)


def _group(role) -> Group:
    return role if isinstance(role, Group) else Group.objects.get(name=str(role))


class AnnouncementFactory(DjangoModelFactory):
    """A draft announcement to every member; narrow it with
    `industries=[...]`, `regions=[...]`, `audiences=["b2b"]` or `roles=[Role.PARTNER]`."""

    class Meta:
        model = Announcement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda i: ANNOUNCEMENT_TITLES[i % len(ANNOUNCEMENT_TITLES)])
    body_source = factory.Sequence(lambda i: ANNOUNCEMENT_BODIES[i % len(ANNOUNCEMENT_BODIES)])
    body_html = factory.LazyAttribute(
        lambda announcement: render_markdown(announcement.body_source)
    )
    link_url = "https://www.example.com/releases/spring"
    audiences = factory.LazyFunction(list)
    created_by = factory.SubFactory(CommunityManagerFactory)

    industries = _set_many("industries")
    regions = _set_many("regions")
    roles = _set_many("roles", _group)
