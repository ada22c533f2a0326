"""With every pooled database connection taken, a page answers 503 with Retry-After, not 500.

Kept apart from test_errors.py: the forum page tree those tests share for the whole module would
clash with the rows this real-transaction test restores.
"""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from tests.factories.forums import forum_index

JSON = {"Accept": "application/json"}


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL: the pool is psycopg's"
)


@pytest.fixture
def one_connection_pool():
    """This process's pool, rebuilt with one connection and a short wait, restored afterwards."""
    options = connection.settings_dict["OPTIONS"].get("pool")
    assert options, "PostgreSQL connections must go through Django's connection pool"
    saved = dict(options)
    connection.close()
    connection.close_pool()
    options.update(min_size=1, max_size=1, timeout=0.5)
    try:
        yield
    finally:
        connection.close()
        connection.close_pool()
        options.clear()
        options.update(saved)


@on_postgresql
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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
