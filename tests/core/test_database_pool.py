"""PostgreSQL connections stay bounded per process however many requests run at once.

Under ASGI each request runs in its own thread; persistent per-thread connections piled up until
PostgreSQL refused clients ("too many clients already"). Django's psycopg pool caps them.
"""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from forums.models import Reply, Topic
from tests.concurrency import on_postgresql_with_threads, rebuilt_pool
from tests.factories import CustomerFactory
from tests.factories.forums import ForumCategoryFactory, TopicFactory, forum_index
from tests.fresh_process import run_python

POOL_SIZE = 4


# --- Settings: read in a fresh interpreter, as a process starting with these variables would --


def database_settings(**variables: str) -> dict:
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'], default=str))"
    )
    finished = run_python(
        "-c",
        script,
        variables=variables,
        leave_out_prefixes=("DATABASE_", "CONN_"),
        timeout=60,
    )
    finished.check_returncode()
    return json.loads(finished.stdout)


POSTGRES_URL = "postgres://community@db.internal:5432/community"


def test_postgresql_connections_go_through_a_bounded_pool():
    database = database_settings(DATABASE_URL=POSTGRES_URL)

    assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 10, "timeout": 20.0}
    assert database["CONN_MAX_AGE"] == 0
    assert database["CONN_HEALTH_CHECKS"] is True


def test_pool_size_comes_from_the_environment():
    database = database_settings(
        DATABASE_URL=POSTGRES_URL,
        DATABASE_POOL_MIN_SIZE="1",
        DATABASE_POOL_MAX_SIZE="6",
        DATABASE_POOL_TIMEOUT="5",
        CONN_MAX_AGE="60",  # ignored: persistent connections and the pool exclude each other
    )

    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 6, "timeout": 5.0}
    assert database["CONN_MAX_AGE"] == 0


def test_pool_can_be_left_to_an_external_pooler():
    database = database_settings(DATABASE_URL=POSTGRES_URL, DATABASE_POOL="off")

    assert "pool" not in database["OPTIONS"]
    assert database["CONN_MAX_AGE"] == 0  # one connection per request, PgBouncer reuses them


def test_pooled_connections_prepare_the_statements_they_run_again():
    database = database_settings(DATABASE_URL=POSTGRES_URL)

    assert database["OPTIONS"]["server_side_binding"] is True
    assert database["OPTIONS"]["prepare_threshold"] == 5


def test_prepared_statements_can_be_turned_off_and_stay_off_for_an_external_pooler():
    switched_off = database_settings(DATABASE_URL=POSTGRES_URL, DATABASE_PREPARED_STATEMENTS="off")
    external_pooler = database_settings(DATABASE_URL=POSTGRES_URL, DATABASE_POOL="off")

    for database in (switched_off, external_pooler):
        assert "server_side_binding" not in database["OPTIONS"]
        assert "prepare_threshold" not in database["OPTIONS"]


@on_postgresql_with_threads
def test_a_page_viewed_again_reuses_the_plans_of_its_queries():
    """The topic page's own query is planned once per connection, not on every view."""
    topic = TopicFactory()
    client = Client()
    for _ in range(7):
        assert client.get(topic.get_absolute_url()).status_code == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "forums_topic"' in statement for statement in prepared), prepared


# --- Real concurrency on PostgreSQL -------------------------------------------------------


@pytest.fixture
def small_pool():
    """This process's pool, rebuilt with POOL_SIZE connections at most, restored afterwards."""
    with rebuilt_pool(min_size=1, max_size=POOL_SIZE, timeout=30.0):
        yield POOL_SIZE


class BackendCounter:
    """Polls pg_stat_activity from a connection of its own (outside the pool): the peak number
    of server processes connected to the test database."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        params = connection.get_connection_params()
        params.pop("pool", None)
        params.pop("cursor_factory", None)
        params.pop("context", None)
        self._monitor = psycopg.connect(**params, autocommit=True)
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            count = self._monitor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()[0]
            self.peak = max(self.peak, count)
            time.sleep(0.01)

    def __enter__(self) -> "BackendCounter":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._monitor.close()


def in_threads(action, arguments, *, threads: int) -> list:
    """Run `action(argument)` for every argument, `threads` at a time, as a server's pool does."""

    def in_thread(argument):
        try:
            return action(argument)
        finally:
            connection.close()  # as Django does when a request finishes

    with ThreadPoolExecutor(max_workers=threads) as executor:
        return list(executor.map(in_thread, arguments))


@on_postgresql_with_threads
def test_concurrent_page_views_never_open_more_connections_than_the_pool(small_pool):
    forum_index()
    topic = TopicFactory(category=ForumCategoryFactory())
    urls = ["/forums/", topic.get_absolute_url()] * 20

    with BackendCounter() as backends:
        statuses = in_threads(lambda url: Client().get(url).status_code, urls, threads=20)

    assert statuses == [200] * len(urls)
    assert 1 <= backends.peak <= small_pool


@on_postgresql_with_threads
def test_a_burst_of_replies_to_one_topic_completes_without_server_errors(small_pool, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "reply": "1000/600"}
    forum_index()
    topic = TopicFactory(category=ForumCategoryFactory())
    clients = []
    for _ in range(20):
        client = Client()
        client.force_login(CustomerFactory())
        clients.append(client)
    url = reverse("forums:post_reply", kwargs={"pk": topic.pk})
    posts = [(client, n) for n in range(5) for client in clients]

    def reply(post) -> int:
        client, n = post
        return client.post(url, {"body": f"Same here, attempt {n}: it works for us."}).status_code

    with BackendCounter() as backends:
        statuses = in_threads(reply, posts, threads=20)

    assert [status for status in statuses if status >= 500] == []
    assert set(statuses) <= {302, 429}
    topic.refresh_from_db()
    replies = Reply.objects.filter(topic=topic).count()
    assert replies == statuses.count(302) == len(posts)
    assert topic.reply_count == replies
    assert backends.peak <= small_pool
    assert Topic.objects.get(pk=topic.pk).last_reply_id is not None
