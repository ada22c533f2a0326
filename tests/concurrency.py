"""Racing members on real threads, for the writes two people can make at the same moment, and
the connection pool those threads share.

Row locks, concurrent connections and the pool only mean something on PostgreSQL: SQLite
serialises every write and ignores select_for_update, so these tests are skipped there.
"""

import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection

ON_POSTGRESQL_WITH_THREADS = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: row locks, concurrent connections and a connection pool",
    ),
    # Each thread opens its own connection, which cannot see a test's open transaction.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def on_postgresql_with_threads(test: Callable) -> Callable:
    """The marks above for one test, in a module whose other tests run anywhere."""
    for mark in ON_POSTGRESQL_WITH_THREADS:
        test = mark(test)
    return test


def run_together(
    action: Callable[[Any], Any], arguments: Iterable[Any], *, keep_errors: bool = False
) -> list[Any]:
    """Run `action(argument)` in one thread per argument, all released at the same moment.

    Returns what each call returned, in the order of `arguments`. With `keep_errors`, a call
    that raised gives its exception instead, for tests that count who was refused; without,
    the first exception is raised here.
    """
    arguments = list(arguments)
    start = threading.Barrier(len(arguments))

    def in_thread(argument):
        try:
            start.wait()
            return action(argument)
        except Exception as error:
            if keep_errors:
                return error
            raise
        finally:
            # Each thread has a connection of its own; close it before the thread is reused.
            connection.close()

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        return list(pool.map(in_thread, arguments))


@contextmanager
def rebuilt_pool(**pool_options) -> Iterator[None]:
    """This process's connection pool rebuilt with these psycopg options (min_size, max_size,
    timeout), and restored afterwards."""
    options = connection.settings_dict["OPTIONS"].get("pool")
    assert options, "PostgreSQL connections must go through Django's connection pool"
    saved = dict(options)
    connection.close()
    connection.close_pool()
    options.update(pool_options)
    try:
        yield
    finally:
        connection.close()
        connection.close_pool()
        options.clear()
        options.update(saved)
