"""Readers opening a story at the same moment are each counted: none of their views is lost,
whether the day's row for their segment exists yet or not.

These need concurrent connections, so they run on PostgreSQL only.
"""

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.insight.api import VISITOR
from community.members.roles import Role
from community.stories import readership
from community.stories.models import StoryDailyViews
from tests.concurrency import ON_POSTGRESQL_WITH_THREADS, run_together
from tests.factories import CustomerFactory
from tests.factories.stories import StoryFactory

pytestmark = ON_POSTGRESQL_WITH_THREADS

THREADS = 8


@pytest.fixture
def story(site_tree):
    return StoryFactory(title="Kestrel Logistics cut onboarding time in half")


def views_today(story) -> dict[str, int]:
    """{role: views} of the story today, every segment of a role added up."""
    rows = StoryDailyViews.objects.filter(story=story, day=timezone.localdate())
    return {
        row["role"]: row["n"] for row in rows.values("role").annotate(n=Sum("views")).order_by()
    }


def test_visitors_reading_at_once_are_all_counted_on_one_row(story):
    run_together(lambda _: readership.add_view(story, readership.ReaderSegment()), range(THREADS))

    assert views_today(story) == {VISITOR: THREADS}


def test_a_segments_readers_arriving_together_over_and_over_lose_no_view(story):
    segment = readership.ReaderSegment(industry_id=1, region_id=1, audience="b2b", role="Customer")

    def read_five_times(_):
        for _ in range(5):
            readership.add_view(story, segment)

    run_together(read_five_times, range(THREADS))

    assert views_today(story) == {"Customer": THREADS * 5}


def test_members_opening_the_page_at_once_are_each_counted(story):
    members = [CustomerFactory() for _ in range(THREADS)]
    url = story.url

    def read(member):
        client = Client()
        client.force_login(member)
        return client.get(url).status_code

    assert run_together(read, members) == [200] * THREADS
    assert views_today(story) == {Role.CUSTOMER.value: THREADS}


def test_outside_a_transaction_a_counted_view_costs_one_query_more_than_a_repeat(story):
    client = Client()
    client.force_login(CustomerFactory())
    client.get("/stories/")  # per-process caches are filled once
    Client().get(story.url)  # and the story's route remembered, by a visitor whose view is apart

    with CaptureQueriesContext(connection) as counted:
        client.get(story.url)
    with CaptureQueriesContext(connection) as repeat:
        client.get(story.url)

    assert len(counted) == len(repeat) + 1
