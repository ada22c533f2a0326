"""The dashboard's "unanswered questions older than a day": a reply from the asker, or one
moderation is holding, answers nobody, so the question stays on the list."""

from datetime import timedelta

import pytest
from django.urls import reverse

from community.insight.forms import DashboardFilterForm
from community.insight.sources import InsightQuery
from forums import insight_source as forums
from forums.models import Visibility
from tests.factories import CustomerFactory, ReplyFactory
from tests.factories.forums import TopicFactory
from tests.insight.reading import EVERYONE, page_text

URL = reverse("insight_dashboard")


@pytest.fixture
def waiting(community):
    """Two more questions three days old, with replies that answer nothing."""
    # A member of their own: the community's askers have used up their posting allowance.
    asker = CustomerFactory(profile__industry=community.retail)
    category = community.questions["fast"].category

    def ask(title):
        return TopicFactory(
            category=category,
            author=asker,
            kind="question",
            title=title,
            created_at=community.asked_at,
        )

    only_the_asker = ask("Credit notes on a closed invoice")
    ReplyFactory(
        topic=only_the_asker, author=asker, created_at=community.asked_at + timedelta(hours=2)
    )
    ReplyFactory(
        topic=only_the_asker, author=asker, created_at=community.asked_at + timedelta(hours=30)
    )
    held_answer = ask("Currency rounding on split payments")
    ReplyFactory(
        topic=held_answer,
        author=community.helper,
        visibility=Visibility.HELD,
        created_at=community.asked_at + timedelta(hours=1),
    )
    return {"only the asker": only_the_asker, "held answer": held_answer}


def _last_week() -> InsightQuery:
    form = DashboardFilterForm({"period": "7"})
    assert form.is_valid()
    return InsightQuery(EVERYONE, form.choice().period)


def _worklist(community):
    return forums.worklist(_last_week(), community.manager, 15)


def test_a_question_only_its_asker_replied_to_is_still_waiting(community, waiting):
    total, items = _worklist(community)

    titles = [item.title for item in items]
    assert "Credit notes on a closed invoice" in titles
    assert "Currency rounding on split payments" in titles
    assert "Tax exemption certificates per region" in titles
    assert total == 3


def test_a_question_answered_after_the_askers_own_follow_up_is_not_waiting(community, waiting):
    _total, items = _worklist(community)

    # "slow": the asker added a detail, then the helper answered.
    assert community.questions["slow"].title not in [item.title for item in items]


def test_the_dashboard_lists_questions_whose_only_reply_is_the_askers(client, community, waiting):
    client.force_login(community.manager)

    response = client.get(URL, {"period": "7"})

    assert waiting["only the asker"].get_absolute_url() in response.content.decode()
    assert "Unanswered questions older than a day 3" in page_text(response)


def test_the_list_behind_the_unanswered_number_agrees_with_the_worklist(community, waiting):
    listing = forums.drilldown(forums.UNANSWERED, _last_week(), community.manager)

    assert {t.title for t in listing.rows} == {
        "Credit notes on a closed invoice",
        "Currency rounding on split payments",
        "Tax exemption certificates per region",
    }
