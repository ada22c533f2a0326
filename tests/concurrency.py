"""Racing members on real threads, for the writes two people can make at the same moment.

Row locks and concurrent connections only mean something on PostgreSQL: SQLite serialises
every write and ignores select_for_update, so these tests are skipped there.
"""

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection

ON_POSTGRESQL_WITH_THREADS = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises every write and ignores select_for_update",
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
