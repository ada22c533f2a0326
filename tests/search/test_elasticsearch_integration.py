"""The search behaviour tests again, on a real Elasticsearch cluster at ELASTICSEARCH_URL.

Each test gets indices of its own (a random prefix), dropped afterwards. Without
ELASTICSEARCH_URL the module is reported as skipped, with the reason.
"""

import os
import uuid

import pytest

from community.search.backends import engine_backend
from tests.search.test_search_behaviour import *  # noqa: F403  (the same tests, another engine)

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.skipif(
        not ELASTICSEARCH_URL,
        reason="ELASTICSEARCH_URL is not set: no Elasticsearch cluster to run the search "
        "behaviour tests against",
    ),
]


@pytest.fixture
def search_backend(settings):
    settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
    settings.COMMUNITY_SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:12]}"
    engine = engine_backend()
    yield "elasticsearch"
    engine.drop()
