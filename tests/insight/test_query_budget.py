"""The dashboard reads the stored rollups only: its queries do not grow with the community."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from community.insight import rollup
from forums import insight_source as forums
from tests.factories import CustomerFactory, ForumCategoryFactory
from tests.factories.forums import seed_replies, seed_topics

# Session and user, the filters' choices, the numbers of both periods, the segment table, the
# heat map, the trends of both periods, the trending terms and their links, the worklists.
DASHBOARD_BUDGET = 45
LIST_BUDGET = 18


def _grow(community) -> None:
    askers = [CustomerFactory() for _ in range(8)]
    category = ForumCategoryFactory(title="Data and integrations")
    topics = seed_topics(category=category, authors=askers, count=60, tags=[])
    for topic in topics[:20]:
        seed_replies(topic=topic, authors=[community.helper, *askers[:2]], count=3)
    rollup.recompute(since=timezone.localdate() - timedelta(days=120))


def test_the_dashboard_query_budget_holds_with_more_members_and_posts(
    client, rolled_up, django_assert_max_num_queries
):
    client.force_login(rolled_up.manager)
    url = reverse("insight_dashboard")
    today = timezone.localdate()
    # By day, by week and by month: a trend's members are one query whatever its slots.
    filters = (
        {"period": "30"},
        {"period": "90", "rows": "region", "industry": str(rolled_up.retail.pk)},
        {"period": "custom", "start": str(today - timedelta(days=364)), "end": str(today)},
    )
    for params in filters:
        with django_assert_max_num_queries(DASHBOARD_BUDGET):
            assert client.get(url, params).status_code == 200
    _grow(rolled_up)
    for params in filters:
        with django_assert_max_num_queries(DASHBOARD_BUDGET):
            assert client.get(url, params).status_code == 200


def test_the_list_behind_a_number_has_a_budget_whatever_its_length(
    client, rolled_up, django_assert_max_num_queries
):
    client.force_login(rolled_up.manager)
    url = reverse("insight_drilldown")
    for metric in (forums.QUESTIONS, forums.REPLIES, forums.ACTIVE, "members.new"):
        with django_assert_max_num_queries(LIST_BUDGET):
            assert client.get(url, {"metric": metric, "period": "30"}).status_code == 200
    _grow(rolled_up)
    for metric in (forums.QUESTIONS, forums.REPLIES, forums.ACTIVE, "members.new"):
        with django_assert_max_num_queries(LIST_BUDGET):
            assert client.get(url, {"metric": metric, "period": "30"}).status_code == 200
