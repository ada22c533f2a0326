"""The community manager's dashboard shows everything waiting for them as one "Needs your
attention" list: reported and held posts, and stories waiting for their approval."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forums import services as forum_services
from tests.factories import CommunityManagerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory
from tests.factories.members import member_fixture
from tests.factories.stories import StoryFactory, onboard, submit_for_review
from tests.moderation.support import report_by_each

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"
HEADING = "Needs your attention"
# The dashboard's own panels plus the list, whatever the number of items waiting.
DASHBOARD_QUERY_BUDGET = 35


manager = member_fixture(CommunityManagerFactory, display_name="Sofia Marques")


story_partner = member_fixture(PartnerFactory, display_name="Lars Eriksen")


@pytest.fixture
def section(forums, story_partner):
    return onboard("Fjord Consulting", story_partner)


def story_in_review(section, partner, title: str):
    draft = StoryFactory(
        parent=section.page, owner=partner, status="draft", title=title, customer_name="Kestrel"
    )
    return submit_for_review(draft, partner)


def reported_reply(question, reporters, body: str):
    reply = ReplyFactory(topic=question, body=body)
    report_by_each(reporters, reply)
    return reply


def attention_list(html: str) -> str:
    start = html.index('id="needs-your-attention-section"')
    return html[start : html.index("</table>", start)]


def test_the_dashboard_lists_a_reported_reply_and_a_story_in_review_in_one_list(
    client, manager, question, reporters, section, story_partner
):
    reply = reported_reply(question, reporters[:1], "Buy cheap followers at example.com")
    story = story_in_review(section, story_partner, "Kestrel ships every order on time")
    client.force_login(manager)

    html = client.get(DASHBOARD).content.decode()

    listed = attention_list(html)
    assert "Reported reply" in listed
    assert f"Reply #{reply.number} to “{question.title}”" in listed
    assert reverse("moderation_queue:review", args=["reply", reply.pk]) in listed
    assert "Customer story to review" in listed
    assert "Kestrel ships every order on time" in listed
    assert reverse("wagtailadmin_pages:edit", args=[story.pk]) in listed
    assert "Lars Eriksen" in listed
    # One list: Wagtail's separate "Awaiting your review" panel is gone.
    assert "Awaiting your review" not in html


def test_the_newest_item_comes_first(client, manager, question, reporters, section, story_partner):
    reported_reply(question, reporters[:1], "An older reported reply")
    story_in_review(section, story_partner, "The newest story to review")
    client.force_login(manager)

    listed = attention_list(client.get(DASHBOARD).content.decode())

    assert listed.index("The newest story to review") < listed.index("Reported reply")


def test_a_post_held_for_approval_is_in_the_list(client, manager, category, newcomer):
    topic = forum_services.create_topic(
        category=category,
        author=newcomer,
        title="Is there a template for a welcome journey?",
        body="Looking for a starting point.",
    )
    client.force_login(manager)

    listed = attention_list(client.get(DASHBOARD).content.decode())

    assert "Topic awaiting approval" in listed
    assert topic.title in listed


def test_a_partner_does_not_see_the_list(client, question, reporters, section, story_partner):
    reported_reply(question, reporters[:1], "Buy cheap followers at example.com")
    story_in_review(section, story_partner, "Kestrel ships every order on time")
    client.force_login(story_partner)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert HEADING not in response.content.decode()


def test_nothing_waiting_shows_no_list(client, manager, forums):
    client.force_login(manager)

    assert HEADING not in client.get(DASHBOARD).content.decode()


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return len(queries)


def test_the_dashboard_has_a_query_budget_that_does_not_grow_with_what_waits(
    client, manager, question, reporters, section, story_partner
):
    client.force_login(manager)
    for n in range(2):
        reported_reply(question, reporters, f"Spam reply number {n}")
        story_in_review(section, story_partner, f"Story number {n}")
    client.get(DASHBOARD)  # warm Wagtail's per-process caches
    few = dashboard_queries(client)

    for n in range(2, 8):
        reported_reply(question, reporters, f"Spam reply number {n}")
        story_in_review(section, story_partner, f"Story number {n}")
    many = dashboard_queries(client)

    assert re.search(r"Story number 7", client.get(DASHBOARD).content.decode())
    assert many == few
    assert many <= DASHBOARD_QUERY_BUDGET
