"""A PostgreSQL restart cuts the connections of requests in flight: pages still answer.

The fault drill (bench/fault_drill.py) restarted PostgreSQL under load and a few page views that
held a connection at that moment answered 500 (psycopg's AdminShutdown, "terminating connection
due to administrator command"). Here a request's own server process is terminated halfway
through, as a restart does.
"""

import contextlib

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse

from forums import selectors
from tests.concurrency import on_postgresql_with_threads
from tests.factories import CustomerFactory
from tests.factories.forums import ForumCategoryFactory, TopicFactory, forum_index


@pytest.fixture(autouse=True)
def _close_a_cut_connection():
    """The test client shares this thread's connection; a cut one must not reach teardown."""
    yield
    with contextlib.suppress(DatabaseError):
        connection.close()


@pytest.fixture
def connection_cut_once(monkeypatch):
    """The forum index's first category query finds its connection terminated by the server."""
    original = selectors.categories_for_index
    calls = []

    def cut_then_read(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return original(*args, **kwargs)

    monkeypatch.setattr(selectors, "categories_for_index", cut_then_read)
    return calls


@on_postgresql_with_threads
def test_forum_index_answers_when_the_database_restarts_mid_request(connection_cut_once):
    forum_index()
    ForumCategoryFactory(title="Email campaigns")
    client = Client(raise_request_exception=False)

    response = client.get("/forums/")

    assert response.status_code == 200
    assert "Email campaigns" in response.content.decode()
    assert len(connection_cut_once) == 2


@on_postgresql_with_threads
def test_a_reply_is_not_posted_twice_when_the_connection_is_cut(monkeypatch):
    forum_index()
    topic = TopicFactory(category=ForumCategoryFactory())
    member = CustomerFactory()
    client = Client(raise_request_exception=False)
    client.force_login(member)
    attempts = []

    def cut(**kwargs):
        attempts.append(1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    from forums import services

    monkeypatch.setattr(services, "post_reply", cut)

    response = client.post(
        reverse("forums:post_reply", kwargs={"pk": topic.pk}), {"body": "We saw the same."}
    )

    assert response.status_code == 500  # whether it was saved is unknown: never sent twice
    assert attempts == [1]
