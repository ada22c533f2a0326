"""Rate limits: past a few topics, replies, reports or kudos in a window, a member is asked to wait."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from community.moderation.models import Report
from forums.models import Kudos, Reply, Topic
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.forums import TopicFactory
from tests.forums.addresses import new_topic_url, reply_url

from .support import JSON, report_url, topic_form

pytestmark = pytest.mark.django_db

ACTIONS = ["topic", "reply", "report", "kudos"]
SLOW_DOWN = "doing that a lot. Please wait about 5 minutes and try again."


@pytest.fixture(autouse=True)
def _two_of_each_per_ten_minutes(settings, frozen_rate_window):
    settings.RATE_LIMITS = dict.fromkeys(ACTIONS, "2/600")


@pytest.fixture
def others_topics(category):
    """Three topics by three other members, to report or give kudos to."""
    return [TopicFactory(category=category) for _ in range(3)]


@pytest.fixture
def act(client, category, question, others_topics):
    """Do the n-th (1, 2, 3...) action of a kind, through the page a member would use."""

    def act(action: str, n: int, **extra):
        if action == "topic":
            data = topic_form(title=f"Warm-up schedule, week {n}", body=f"Week {n}: top 10%.")
            return client.post(new_topic_url(category), data, **extra)
        if action == "reply":
            return client.post(
                reply_url(question), {"body": f"Day {n}: double the volume."}, **extra
            )
        target = others_topics[n - 1]
        if action == "report":
            return client.post(report_url("topic", target.pk), {"reason": "spam"}, **extra)
        return client.post(reverse("forums:topic_kudos", kwargs={"pk": target.pk}), **extra)

    return act


def done_by(member, action: str) -> int:
    return {
        "topic": Topic.objects.filter(author=member),
        "reply": Reply.objects.filter(author=member),
        "report": Report.objects.filter(reporter=member),
        "kudos": Kudos.objects.filter(member=member),
    }[action].count()


@pytest.mark.parametrize("action", ACTIONS)
def test_the_third_in_the_window_is_refused_with_429(client, customer, act, action):
    client.force_login(customer)
    assert [act(action, n).status_code for n in (1, 2)] == [302, 302]

    response = act(action, 3)

    assertContains(response, SLOW_DOWN, status_code=429)
    assert response["Retry-After"] == "300"
    assert done_by(customer, action) == 2


@pytest.mark.parametrize("action", ACTIONS)
def test_json_clients_get_a_json_error_with_429(client, customer, act, action):
    client.force_login(customer)
    act(action, 1, headers=JSON)
    act(action, 2, headers=JSON)

    response = act(action, 3, headers=JSON)

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert SLOW_DOWN in response.json()["error"]
    assert response["Retry-After"] == "300"
    assert done_by(customer, action) == 2


@pytest.mark.parametrize("action", ACTIONS)
def test_community_managers_are_not_limited(client, act, action):
    manager = CommunityManagerFactory()
    client.force_login(manager)

    statuses = [act(action, n).status_code for n in (1, 2, 3)]

    assert statuses == [302, 302, 302]
    assert done_by(manager, action) == 3


def test_one_members_limit_does_not_hold_back_another(client, customer, act):
    client.force_login(customer)
    for n in (1, 2, 3):
        act("topic", n)

    other = CustomerFactory()
    client.force_login(other)
    response = act("topic", 4)

    assert response.status_code == 302
    assert done_by(other, "topic") == 1


def test_reaching_the_topic_limit_still_leaves_replies_open(client, customer, act):
    client.force_login(customer)
    for n in (1, 2, 3):
        act("topic", n)

    assert act("reply", 1).status_code == 302
    assert done_by(customer, "reply") == 1


def test_the_limit_follows_the_setting(client, settings, customer, act):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "reply": "3/600"}
    client.force_login(customer)

    statuses = [act("reply", n).status_code for n in (1, 2, 3, 4)]

    assert statuses == [302, 302, 302, 429]
    assert done_by(customer, "reply") == 3
