"""Following topics and categories, and remembering how far a member has read each topic."""

from django.db import transaction
from django.utils import timezone

from community.members.models import User

from .. import permissions
from ..models import CategoryFollow, ForumCategoryPage, Topic, TopicFollow, TopicRead, TopicUnfollow


def follow_topic(*, member: User, topic: Topic) -> None:
    permissions.ensure_can_post(member)
    with transaction.atomic():
        TopicUnfollow.objects.filter(member=member, topic=topic).delete()
        TopicFollow.objects.get_or_create(member=member, topic=topic)


def unfollow_topic(*, member: User, topic: Topic) -> None:
    with transaction.atomic():
        TopicFollow.objects.filter(member=member, topic=topic).delete()
        TopicUnfollow.objects.get_or_create(member=member, topic=topic)


def follow_category(*, member: User, category: ForumCategoryPage) -> None:
    permissions.ensure_can_post(member)
    CategoryFollow.objects.get_or_create(member=member, category=category)


def unfollow_category(*, member: User, category: ForumCategoryPage) -> None:
    CategoryFollow.objects.filter(member=member, category=category).delete()


def mark_read(*, member: User, topic: Topic, up_to: int, first_read: bool = False) -> None:
    """Remember that the member has read the topic up to reply number `up_to` (never backwards).

    `first_read` says the caller knows the member has no read position for it yet.
    """
    updated = 0
    if not first_read:
        updated = TopicRead.objects.filter(
            member=member, topic=topic, last_read_number__lt=up_to
        ).update(last_read_number=up_to, read_at=timezone.now())
    if not updated:
        # First read of this topic; a row written meanwhile by another tab wins quietly.
        TopicRead.objects.bulk_create(
            [TopicRead(member=member, topic=topic, last_read_number=up_to)], ignore_conflicts=True
        )


def set_followed_categories(
    *, member: User, offered: list[ForumCategoryPage], chosen: list[ForumCategoryPage]
) -> None:
    """Follow the chosen categories and stop following the other ones offered.

    Repeating it changes nothing, so a form sent twice (or resent after a back button) is safe.
    """
    permissions.ensure_can_post(member)
    chosen_pks = {category.pk for category in chosen}
    with transaction.atomic():
        CategoryFollow.objects.bulk_create(
            [CategoryFollow(member=member, category=category) for category in chosen],
            ignore_conflicts=True,
        )
        CategoryFollow.objects.filter(
            member=member,
            category__in=[category.pk for category in offered if category.pk not in chosen_pks],
        ).delete()
