"""What listening hands the health dashboard: NPS and sentiment by segment and day, and the
most negative recent threads, never counting what moderation removed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from community.insight.sources import InsightQuery, Period, Segment, SegmentFilter
from community.listening import insight, services
from community.listening.models import Response
from forums.models import Topic, Visibility
from tests.factories import CustomerFactory, ReplyFactory, TopicFactory
from tests.factories.listening import ResponseFactory, launched_survey

pytestmark = pytest.mark.django_db

ANGRY = "Terrible release. Everything is broken and slow, I am furious."
HAPPY = "Great release, thank you, works perfectly."


def _query(**segments) -> InsightQuery:
    today = timezone.localdate()
    return InsightQuery(SegmentFilter(**segments), Period(today - timedelta(days=6), today))


def _rows(metric):
    today = timezone.localdate()
    return [row for row in insight.rollup(today - timedelta(days=1), today) if row.metric == metric]


def test_nps_rolls_up_as_promoters_minus_detractors_over_answers_by_segment(retail, software):
    survey = launched_survey()
    for score, industry in [(10, retail), (9, retail), (3, retail), (0, software), (8, software)]:
        ResponseFactory(
            survey=survey, score=score, member=CustomerFactory(profile__industry=industry)
        )

    by_industry = {}
    for row in _rows(insight.NPS):
        total, count = by_industry.get(row.segment.industry_id, (0, 0))
        by_industry[row.segment.industry_id] = (total + row.total, count + row.count)

    assert by_industry[retail.pk] == (1, 3)
    assert by_industry[software.pk] == (-1, 2)


def test_sentiment_rolls_up_only_posts_still_shown(site_tree, retail_emea_member):
    shown = TopicFactory(author=retail_emea_member, body=HAPPY)
    hidden = TopicFactory(author=retail_emea_member, body=ANGRY)
    services.backfill()
    Topic.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)

    rows = _rows(insight.SENTIMENT)

    assert sum(row.count for row in rows) == 1
    assert sum(row.total for row in rows) > 0
    assert {row.segment for row in rows} == {
        Segment(
            industry_id=retail_emea_member.profile.industry_id,
            region_id=retail_emea_member.profile.region.pk,
            audience=retail_emea_member.profile.audience,
            role="Customer",
        )
    }
    assert shown.pk


def test_the_most_negative_threads_come_first_with_their_links(site_tree, community_manager):
    calm = TopicFactory(title="Exporting contacts to CSV", body=HAPPY)
    stormy = TopicFactory(title="Sync broken after the update", body=ANGRY)
    ReplyFactory(topic=stormy, body="Same here, this is awful and nobody answers.")
    ReplyFactory(topic=calm, body=HAPPY)
    services.backfill()

    total, items = insight.negative_threads(_query(), community_manager, 5)

    assert total == 1
    assert [item.title for item in items] == [str(stormy)]
    assert items[0].url == stormy.get_absolute_url()
    assert "over 2 posts" in items[0].detail


def test_named_answers_and_threads_are_for_community_managers_only(customer):
    with pytest.raises(PermissionDenied):
        insight.drilldown(insight.NPS, _query(), customer)
    with pytest.raises(PermissionDenied):
        insight.negative_threads(_query(), customer, 5)


def test_the_answers_drilldown_filters_by_segment(community_manager, retail, software):
    survey = launched_survey()
    ResponseFactory(survey=survey, score=2, member=CustomerFactory(profile__industry=retail))
    ResponseFactory(survey=survey, score=9, member=CustomerFactory(profile__industry=software))

    drill = insight.drilldown(insight.ANSWERS, _query(industries=(retail.pk,)), community_manager)

    assert [answer.score for answer in drill.rows] == [2]
    assert isinstance(drill.rows.first(), Response)
