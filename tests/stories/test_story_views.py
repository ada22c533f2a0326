"""A story's readers are counted per day and segment, once per reader per hour, without the
page ever failing or costing more than one write for it."""

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from community.insight.api import VISITOR
from community.members.models import Audience, Country, Industry
from community.members.roles import Role
from community.stories import readership
from community.stories.models import StoryDailyViews
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.stories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(stories):
    return StoryFactory(title="Lumen Retail won back abandoned carts")


def counted(story) -> dict[tuple, int]:
    """{(industry id, region id, audience, role): views} of the story today."""
    return {
        (row.industry_id, row.region_id, row.audience, row.role): row.views
        for row in StoryDailyViews.objects.filter(story=story, day=timezone.localdate())
    }


def read(client, story, **headers):
    response = client.get(story.url, headers=headers)
    assert response.status_code == 200
    return response


def test_a_member_reading_twice_in_the_hour_counts_one_view_in_their_segment(client, story):
    industry = Industry.objects.order_by("sort_order").first()
    germany = Country.objects.get(code="DE")
    reader = CustomerFactory(
        profile__industry=industry, profile__country=germany, profile__audience=Audience.B2B
    )
    client.force_login(reader)

    read(client, story)
    read(client, story)

    assert counted(story) == {(industry.pk, germany.region_id, "b2b", Role.CUSTOMER.value): 1}


def test_signed_out_visitors_are_a_segment_of_their_own(client, story):
    read(client, story)
    read(client, story)
    client.defaults["REMOTE_ADDR"] = "203.0.113.9"
    read(client, story)

    assert counted(story) == {(0, 0, "", VISITOR): 2}


def test_readers_of_one_segment_add_up_on_the_days_row(client, story):
    industry = Industry.objects.order_by("sort_order").first()
    for _ in range(3):
        client.force_login(
            CustomerFactory(profile__industry=industry, profile__country=None, profile__audience="")
        )
        read(client, story)

    assert counted(story) == {(industry.pk, 0, "", Role.CUSTOMER.value): 3}


def test_a_reader_counts_under_their_most_senior_role(client, story):
    client.force_login(CommunityManagerFactory())

    read(client, story)

    assert {key[3] for key in counted(story)} == {Role.COMMUNITY_MANAGER.value}


def test_prefetches_and_crawlers_are_not_counted(client, story):
    read(client, story, **{"Sec-Purpose": "prefetch"})
    read(client, story, **{"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"})

    assert counted(story) == {}


def test_recommending_a_story_is_not_a_view(client, story):
    client.force_login(CustomerFactory())

    client.post(f"{story.url}recommend/")
    client.get(f"{story.url}recommend/")

    assert counted(story) == {}


def test_a_visitor_refused_a_private_story_is_not_counted(client, story):
    PageViewRestriction.objects.create(page=story, restriction_type="login")

    response = client.get(story.url)

    assert response.status_code == 302
    assert counted(story) == {}


def test_a_preview_by_its_editor_is_not_a_view(client, story):
    client.force_login(CommunityManagerFactory())

    response = client.get(f"/admin/pages/{story.pk}/edit/preview/")

    assert response.status_code in (200, 405)
    assert counted(story) == {}


def test_the_page_is_served_when_the_cache_fails(client, story, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(cache, "add", broken)

    read(client, story)

    assert counted(story) == {}


def test_the_page_is_served_when_the_count_cannot_be_written(client, story, monkeypatch):
    def refused(*args, **kwargs):
        raise DatabaseError("could not extend file: no space left on device")

    monkeypatch.setattr(readership, "add_view", refused)

    response = read(client, story)

    assert story.title in response.content.decode()
    assert counted(story) == {}


def test_a_failed_write_leaves_the_pages_other_queries_working(story):
    """The count's own savepoint takes the failure, not the transaction around it."""
    impossible = readership.ReaderSegment(industry_id=-1)  # the column holds no negative ids

    with pytest.raises(DatabaseError):
        readership.add_view(story, impossible)

    assert not StoryDailyViews.objects.filter(story=story).exists()


def test_a_counted_view_costs_one_write_and_a_repeat_view_none(client, story):
    client.force_login(CustomerFactory())
    client.get("/stories/")  # per-process caches (the site's root paths) are filled once
    Client().get(story.url)  # and the story's route is remembered from anyone's first view

    with CaptureQueriesContext(connection) as first:
        read(client, story)
    with CaptureQueriesContext(connection) as again:
        read(client, story)

    writes = [q["sql"] for q in first if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(writes) == 1
    assert "stories_storydailyviews" in writes[0]
    # The repeat view is the same page without the count (and its savepoint in a test's
    # transaction): the reader's segment came from what the page loads anyway.
    extra = [q["sql"] for q in first if "SAVEPOINT" in q["sql"].upper() or q["sql"] in writes]
    assert len(first) - len(extra) == len(again)
