"""`manage.py task_worker`: django-tasks-db's `db_worker` that outlives a database restart.

`db_worker` exits on the first OperationalError that is not SQLite's "database is locked", so a
PostgreSQL restart or failover stopped search indexing and notification e-mail until someone
restarted it by hand. This worker closes the broken connections, waits (backing off up to
MAX_BACKOFF seconds) and carries on. It takes the same options as `db_worker`.
"""

import contextlib
import logging
import os
import time

from django.core.management.base import CommandError
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")

FIRST_BACKOFF = 0.5
MAX_BACKOFF = 15.0
#: A worker that ran this long since its last failure starts backing off from the beginning.
STEADY_SECONDS = 60.0


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        backoff = FIRST_BACKOFF
        while self.running:
            started = time.monotonic()
            try:
                super().run()
                return  # --batch or --max-tasks: finished normally
            except (OperationalError, InterfaceError) as error:
                if time.monotonic() - started > STEADY_SECONDS:
                    backoff = FIRST_BACKOFF
                logger.warning(
                    "Database unavailable (%s); the task worker retries in %.1f s",
                    (str(error).strip() or type(error).__name__).splitlines()[0],
                    backoff,
                )
                _close_broken_connections()
                time.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)


def _close_broken_connections() -> None:
    for connection in connections.all(initialized_only=True):
        # Closing a connection whose server went away can raise again; it is discarded anyway.
        with contextlib.suppress(DatabaseError):
            connection.close()


class Command(db_worker.Command):
    help = "Run the background task worker; it survives database restarts"

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # in the reloaded child only, as db_worker does
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
