"""Story views on the dashboard: by the readers' segment, against the previous period, in the
segment table and its CSV, with the stories read behind the number; only published stories."""

import csv
import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from community.insight import rollup
from community.insight.api import VISITOR
from community.insight.sources import SegmentFilter
from community.members.models import Audience, Country, Industry
from community.members.roles import Role
from community.stories import insight_source as stories
from community.stories.models import StoryDailyViews
from tests.factories import CommunityManagerFactory
from tests.factories.stories import StoryFactory
from tests.insight.reading import numbers_now, page_text

DASHBOARD = reverse("insight_dashboard")
DRILLDOWN = reverse("insight_drilldown")
CUSTOMER = Role.CUSTOMER.value


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def viewed(story, days_ago: int, views: int, *, industry=0, region=0, audience="", role=CUSTOMER):
    StoryDailyViews.objects.create(
        story=story,
        day=timezone.localdate() - timedelta(days=days_ago),
        industry_id=industry,
        region_id=region,
        audience=audience,
        role=role,
        views=views,
    )


@pytest.fixture
def readers(site_tree):
    """Two stories read by retail members in EMEA, software members in NA and visitors."""
    retail, software = Industry.objects.order_by("sort_order")[:2]
    emea = Country.objects.get(code="DE").region_id
    na = Country.objects.get(code="US").region_id
    carts = StoryFactory(title="Lumen Retail won back abandoned carts")
    onboarding = StoryFactory(title="Orbit Learning halved onboarding")
    # This week.
    viewed(carts, 1, 12, industry=retail.pk, region=emea, audience=Audience.B2C)
    viewed(carts, 2, 5, industry=software.pk, region=na, audience=Audience.B2B)
    viewed(carts, 2, 20, role=VISITOR)
    viewed(onboarding, 3, 7, industry=software.pk, region=na, audience=Audience.B2B)
    # The week before.
    viewed(carts, 9, 4, industry=retail.pk, region=emea, audience=Audience.B2C)
    viewed(onboarding, 10, 10, industry=software.pk, region=na, audience=Audience.B2B)
    rollup.recompute(since=timezone.localdate() - timedelta(days=30))
    return {"carts": carts, "onboarding": onboarding, "retail": retail, "software": software}


@pytest.fixture
def manager_client(client, readers):
    client.force_login(CommunityManagerFactory())
    return client


def test_story_views_add_up_every_segment_and_filter_by_one(readers):
    assert numbers_now(days=7)[stories.VIEWS] == 44
    software = SegmentFilter(industries=(readers["software"].pk,))
    assert numbers_now(software, days=7)[stories.VIEWS] == 12
    visitors = SegmentFilter(roles=(VISITOR,))
    assert numbers_now(visitors, days=7)[stories.VIEWS] == 20
    customers = SegmentFilter(roles=(CUSTOMER,))
    assert numbers_now(customers, days=7)[stories.VIEWS] == 24


def test_a_story_unpublished_or_made_private_takes_its_views_off(readers):
    readers["onboarding"].unpublish()
    PageViewRestriction.objects.create(page=readers["carts"], restriction_type="login")
    rollup.recompute(since=timezone.localdate() - timedelta(days=30))

    assert stories.VIEWS not in numbers_now()


def test_the_dashboard_shows_story_views_against_the_previous_period(manager_client):
    text = page_text(manager_client.get(DASHBOARD, {"period": "7"}))

    assert "Story views 44" in text
    assert re.search(r"Story views 44\b.{0,40}\+214%", text)  # 14 the week before


def test_the_segment_table_by_role_lists_signed_out_visitors_with_their_stories(
    manager_client, readers
):
    response = manager_client.get(
        reverse("insight_csv"), {"period": "7", "rows": "role", "table": "segments"}
    )
    rows = _csv(response)
    by_role = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_role[VISITOR]["Story views"] == "20"
    assert by_role[CUSTOMER]["Story views"] == "24"

    page = unescape(manager_client.get(DASHBOARD, {"period": "7", "rows": "role"}).content.decode())
    link = re.search(r'href="([^"]*metric=stories\.views[^"]*role=Signed-out[^"]*)"', page)
    listing = manager_client.get(link.group(1).replace("&amp;", "&"))
    assert listing.status_code == 200
    assert "Lumen Retail won back abandoned carts" in page_text(listing)
    assert "Orbit Learning" not in page_text(listing)


def test_the_stories_read_are_listed_most_read_first_for_the_segment_and_period(
    manager_client, readers
):
    every = _csv(
        manager_client.get(DRILLDOWN, {"period": "7", "metric": stories.VIEWS, "format": "csv"})
    )
    assert every[0] == ["Story", "Kind", "Published", "Views"]
    assert [(row[0], row[3]) for row in every[1:]] == [
        ("Lumen Retail won back abandoned carts", "37"),
        ("Orbit Learning halved onboarding", "7"),
    ]

    software = _csv(
        manager_client.get(
            DRILLDOWN,
            {
                "period": "custom",
                "start": str(timezone.localdate() - timedelta(days=13)),
                "end": str(timezone.localdate()),
                "industry": str(readers["software"].pk),
                "metric": stories.VIEWS,
                "format": "csv",
            },
        )
    )
    assert [(row[0], row[3]) for row in software[1:]] == [
        ("Orbit Learning halved onboarding", "17"),
        ("Lumen Retail won back abandoned carts", "5"),
    ]


def test_the_list_of_stories_read_links_each_story(manager_client, readers):
    response = manager_client.get(DRILLDOWN, {"period": "7", "metric": stories.VIEWS})

    assert response.status_code == 200
    assert f'href="{readers["carts"].url}"' in response.content.decode()
