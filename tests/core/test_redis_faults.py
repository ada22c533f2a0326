"""A Redis that dies or hangs never takes a page down: the cache reads as empty, limits fail open.

Each test starts its own redis-server on a spare port, then kills it (down) or SIGSTOPs it (hung:
connections open, nothing answers) while members browse and write.
"""

import shutil
import time

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from community.core import cache as degrading
from forums.models import Reply
from tests.factories import CustomerFactory
from tests.factories.forums import ForumCategoryFactory, TopicFactory
from tests.redis_server import redis_server as shared_redis_server

REDIS_SERVER = shutil.which("redis-server")
SOCKET_TIMEOUT = 0.2
RETRY_AFTER = 1.0

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        REDIS_SERVER is None,
        reason="redis-server is not on PATH: these tests start, kill and hang their own Redis",
    ),
]


@pytest.fixture
def redis_server():
    with shared_redis_server() as server:
        yield server


@pytest.fixture
def redis_cache(redis_server, settings, monkeypatch):
    """The site's own cache configuration, pointed at the test's Redis, with short timeouts."""
    settings.CACHES = {
        "default": degrading.redis_cache(
            redis_server.url,
            key_prefix="faults",
            socket_timeout=SOCKET_TIMEOUT,
            retry_after=RETRY_AFTER,
        )
    }
    monkeypatch.setattr(degrading, "outage", degrading._Outage())
    cache.set("probe", "ok")
    assert cache.get("probe") == "ok", "the test cache must really be the test's Redis"
    return redis_server


@pytest.fixture
def pages(site_tree):
    category = ForumCategoryFactory(title="Campaigns", slug="campaigns")
    topic = TopicFactory(category=category, title="Why do my emails land in Promotions?")
    return {
        "home": "/",
        "forum index": "/forums/",
        "category": category.url,
        "topic": topic.get_absolute_url(),
        "stories": "/stories/",
        "events": "/events/",
        "learning": "/learning/",
        "careers": "/careers/",
    }


def _answers(client, pages) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in pages.items()}


ALL_OK = dict.fromkeys(
    ("home", "forum index", "category", "topic", "stories", "events", "learning", "careers"), 200
)


def test_pages_answer_while_redis_is_down(client, redis_cache, pages):
    assert _answers(client, pages) == ALL_OK  # warm: the tags and site roots are cached

    redis_cache.kill()

    assert _answers(client, pages) == ALL_OK
    client.force_login(CustomerFactory())
    assert _answers(client, pages) == ALL_OK


def test_a_hung_redis_costs_one_timeout_not_one_per_cache_call(
    client, redis_cache, pages, settings, monkeypatch
):
    settings.CACHES = {
        "default": degrading.redis_cache(
            redis_cache.url, key_prefix="faults", socket_timeout=SOCKET_TIMEOUT, retry_after=60
        )
    }
    client.force_login(CustomerFactory())
    timeouts = []
    record_failure = degrading.outage.failed

    def counted(error: Exception, retry_after: float) -> None:
        timeouts.append(error)
        record_failure(error, retry_after)

    monkeypatch.setattr(degrading.outage, "failed", counted)
    redis_cache.hang()

    answers = _answers(client, pages)

    assert answers == ALL_OK
    # The first call waits out the socket timeout; every later one (each page makes several)
    # is a miss at once until the retry.
    assert len(timeouts) == 1
    assert isinstance(timeouts[0], redis.TimeoutError)


def test_cache_works_again_soon_after_redis_returns(redis_cache):
    redis_cache.hang()
    cache.set("greeting", "hello")  # times out: a miss, and Redis is skipped for a moment
    assert cache.get("greeting") is None
    redis_cache.resume()

    deadline = time.monotonic() + 10 * RETRY_AFTER
    while cache.get("greeting") != "hello" and time.monotonic() < deadline:
        cache.set("greeting", "hello")
        time.sleep(0.1)

    assert cache.get("greeting") == "hello"


def test_member_can_reply_past_the_limit_while_redis_is_down(client, redis_cache, settings):
    # Our rate limits fail open: while the counter cannot be read, the member is not stopped.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "reply": "1/600"}
    topic = TopicFactory()
    client.force_login(CustomerFactory())
    url = reverse("forums:post_reply", kwargs={"pk": topic.pk})
    redis_cache.kill()

    answers = [
        client.post(url, {"body": f"Still works while the cache is down ({n})."}).status_code
        for n in range(3)
    ]

    assert 500 not in answers and 429 not in answers
    assert Reply.objects.filter(topic=topic).count() == 3


def test_reply_limit_still_counts_while_redis_is_up(client, redis_cache, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "reply": "1/600"}
    topic = TopicFactory()
    client.force_login(CustomerFactory())
    url = reverse("forums:post_reply", kwargs={"pk": topic.pk})

    first = client.post(url, {"body": "The first reply goes through."})
    second = client.post(url, {"body": "The second one is one too many."})

    assert first.status_code == 302
    assert second.status_code == 429


def test_sign_in_is_refused_not_broken_while_redis_is_down(client, redis_cache, site_tree):
    # allauth's limits (sign-in, sign-up, password reset) fail closed: without the cache they
    # cannot count guesses, so the form answers 429 rather than allow unlimited attempts.
    member = CustomerFactory()
    redis_cache.kill()

    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "wrong password"}
    )

    assert response.status_code == 429
