"""The demo gives every published story a history of reads by segment, for the dashboard."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone
from wagtail.models import Page

from community.insight.api import VISITOR
from community.members.models import Industry
from community.members.roles import Role
from community.stories.demo_views import seed_story_views
from community.stories.models import StoryDailyViews
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.stories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_60_days_ago(stories):
    retail = Industry.objects.order_by("sort_order").first()
    story = StoryFactory(title="Lumen Retail won back abandoned carts", industry=retail)
    when = timezone.now() - timedelta(days=60)
    Page.objects.filter(pk=story.pk).update(first_published_at=when)
    for _ in range(6):
        CustomerFactory()
    PartnerFactory()
    CommunityManagerFactory()
    return story


def views(**where) -> int:
    return StoryDailyViews.objects.filter(**where).aggregate(n=Sum("views"))["n"] or 0


def test_every_kind_of_reader_reads_the_demo_stories(published_60_days_ago):
    total = seed_story_views()

    assert total == views(story=published_60_days_ago) > 100
    roles = set(StoryDailyViews.objects.values_list("role", flat=True))
    assert {VISITOR, Role.CUSTOMER.value} <= roles
    assert StoryDailyViews.objects.values("industry_id").distinct().count() >= 3
    assert StoryDailyViews.objects.values("region_id").distinct().count() >= 3


def test_a_story_is_read_most_in_its_first_week(published_60_days_ago):
    seed_story_views()

    published = timezone.localdate() - timedelta(days=60)
    first_week = views(day__lt=published + timedelta(days=7))
    a_later_week = views(
        day__gte=published + timedelta(days=40), day__lt=published + timedelta(days=47)
    )
    assert first_week > a_later_week > 0
    assert not StoryDailyViews.objects.filter(day__lt=published).exists()


def test_seeding_again_adds_nothing_and_drafts_get_no_reads(published_60_days_ago):
    draft = StoryFactory(title="Still being written", status="draft")
    seed_story_views()
    before = views()

    assert seed_story_views() == 0
    assert views() == before
    assert not StoryDailyViews.objects.filter(story=draft).exists()
