"""With every pooled database connection taken, a page answers 503 with Retry-After, not 500.

Kept apart from test_errors.py: the forum page tree those tests share for the whole module would
clash with the rows this real-transaction test restores.
"""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from tests.concurrency import on_postgresql_with_threads, rebuilt_pool
from tests.factories.forums import forum_index

JSON = {"Accept": "application/json"}


@pytest.fixture
def one_connection_pool():
    """This process's pool, rebuilt with one connection and a short wait, restored afterwards."""
    with rebuilt_pool(min_size=1, max_size=1, timeout=0.5):
        yield


@on_postgresql_with_threads
def test_a_page_answers_503_while_every_pooled_connection_is_busy(one_connection_pool):
    forum_index()  # this thread now holds the pool's only connection

    def visit():
        try:
            return Client(raise_request_exception=False).get("/forums/", headers=JSON)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as executor:
        response = executor.submit(visit).result()

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "try again" in json.loads(response.content)["error"]
