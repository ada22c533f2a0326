"""Recommending too often is slowed down like every other write: 429 with Retry-After."""

from types import SimpleNamespace

import pytest

from community.core import ratelimit
from tests.factories.stories import StoryFactory

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


@pytest.fixture
def story(stories, partner_section, partner):
    return StoryFactory(parent=partner_section.page, owner=partner, title="Lumen Bank goes live")


@pytest.fixture(autouse=True)
def _two_recommendations_per_ten_minutes(settings, monkeypatch):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "kudos": "2/600"}
    # Halfway through a ten-minute window, held still: the wait left is five minutes.
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_700_000_100.0))


@pytest.mark.parametrize("headers", [JSON, {}], ids=["script", "browser"])
def test_the_third_recommendation_says_when_to_try_again(client, story, reader, headers):
    client.force_login(reader)
    for _ in range(2):
        client.post(f"{story.url}recommend/", headers=headers)

    response = client.post(f"{story.url}recommend/", headers=headers)

    assert response.status_code == 429
    assert response["Retry-After"] == "300"
