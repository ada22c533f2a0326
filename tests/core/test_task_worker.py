"""The task worker keeps draining the queue through a PostgreSQL restart, and /healthz says when
nobody is draining it.

The restart test runs a PostgreSQL of its own (initdb in a temporary folder, on a spare port) and
the worker as the demo and production run it, then restarts that PostgreSQL under it.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult, get_date_max

from community.__main__ import Supervised


@task()
def leave_a_mark(path: str) -> None:
    """The task the worker under test runs: proof that it ran is a file."""
    Path(path).write_text("done")


# --- The worker through a PostgreSQL restart ----------------------------------------------

SPARE_PORTS = range(5441, 5444)
POSTGRES_FOLDERS = ["/usr/lib/postgresql/15/bin", "/usr/local/bin"]


def _postgres_program(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path=os.pathsep.join(POSTGRES_FOLDERS))


INITDB, PG_CTL = _postgres_program("initdb"), _postgres_program("pg_ctl")
# PostgreSQL refuses to run as root; as root the server runs as the `postgres` account.
RUN_AS = "postgres" if os.geteuid() == 0 else None

needs_postgres_programs = pytest.mark.skipif(
    INITDB is None or PG_CTL is None,
    reason="initdb and pg_ctl are not installed: this test runs a PostgreSQL of its own",
)


def _free_port() -> int:
    for port in SPARE_PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip(f"no spare port free for a test PostgreSQL in {SPARE_PORTS}")


class PostgresServer:
    def __init__(self, folder: Path, port: int) -> None:
        self.data = folder / "data"
        self.log = folder / "postgres.log"
        self.port = port
        self.url = f"postgres://postgres@127.0.0.1:{port}/worker"

    def _run(self, *arguments: str) -> None:
        subprocess.run(
            arguments, user=RUN_AS, check=True, capture_output=True, text=True, timeout=60
        )

    def create(self) -> None:
        self._run(INITDB, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(PG_CTL, "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(PG_CTL, "-D", str(self.data), "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()


@pytest.fixture
def own_postgres():
    folder = Path(tempfile.mkdtemp(prefix="worker-pg-"))
    if RUN_AS:
        shutil.chown(folder, user=RUN_AS)
    server = PostgresServer(folder, _free_port())
    try:
        server.create()
        server.start()
        with psycopg.connect(
            host="127.0.0.1", port=server.port, user="postgres", dbname="postgres", autocommit=True
        ) as admin:
            admin.execute("CREATE DATABASE worker")
        yield server
    finally:
        if server.running():
            server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def worker_database(own_postgres, django_db_blocker):
    """The test PostgreSQL as a database alias of this process, with the task queue's table."""
    alias = "task_worker_test"
    connections.settings[alias] = connections.configure_settings(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "worker",
                "USER": "postgres",
                "HOST": "127.0.0.1",
                "PORT": own_postgres.port,
            }
        }
    )["default"]
    try:
        with django_db_blocker.unblock():
            # The table alone: the app's data migrations would run against "default".
            with connections[alias].schema_editor() as editor:
                editor.create_model(DBTaskResult)
            yield alias
    finally:
        with contextlib.suppress(Exception):
            connections[alias].close()
        del connections.settings[alias]
        with contextlib.suppress(AttributeError):
            delattr(connections._connections, alias)


def _enqueue(alias: str, mark: Path) -> None:
    # As leave_a_mark.enqueue() would, but into the test's own database.
    DBTaskResult.objects.using(alias).create(
        args_kwargs={"args": [str(mark)], "kwargs": {}},
        task_path=leave_a_mark.module_path,
        queue_name=leave_a_mark.queue_name,
        run_after=get_date_max(),
        backend_name="default",
    )


def _wait_for(mark: Path, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if mark.exists():
            return True
        time.sleep(0.1)
    return False


@needs_postgres_programs
def test_worker_runs_tasks_again_after_postgresql_restarts(
    own_postgres, worker_database, django_db_blocker, tmp_path
):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "TASKS_"))
    }
    env.update(DATABASE_URL=own_postgres.url, TASKS_BACKEND="database", DATABASE_POOL_TIMEOUT="2")
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "task_worker", "--queue-name", "*", "--no-reload"]
            + ["--interval", "0.2", "--no-startup-delay"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        with django_db_blocker.unblock():
            _enqueue(worker_database, tmp_path / "before")
            assert _wait_for(tmp_path / "before", 40), "the worker never ran the first task"

            connections[worker_database].close()
            own_postgres.stop()
            time.sleep(1.5)  # the worker polls every 0.2 s: it meets the database gone
            own_postgres.start()
            back = time.monotonic()
            _enqueue(worker_database, tmp_path / "after")

        ran = _wait_for(tmp_path / "after", 20)
        recovered_in = time.monotonic() - back
        output = log_path.read_text()
        assert worker.poll() is None, f"the worker exited:\n{output[-3000:]}"
        assert ran, f"the worker did not run the task after the restart:\n{output[-3000:]}"
        assert recovered_in < 20
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def test_demo_restarts_a_worker_that_exits(monkeypatch):
    monkeypatch.setattr(Supervised, "FIRST_PAUSE", 0.05)
    crashing = Supervised(
        [sys.executable, "-c", "raise SystemExit(3)"], dict(os.environ), name="crashing worker"
    )
    crashing.start()
    try:
        deadline = time.monotonic() + 20
        while crashing.restarts < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        crashing.stop()

    assert crashing.restarts >= 2
    assert not crashing.is_alive()


def test_demo_stops_its_worker_for_good(monkeypatch):
    long_running = Supervised(
        [sys.executable, "-c", "import time; time.sleep(60)"], dict(os.environ), name="worker"
    )
    long_running.start()
    time.sleep(0.5)

    long_running.stop()

    assert not long_running.is_alive()
    assert long_running.process.poll() is not None
    assert long_running.restarts == 0


# --- /healthz and the queue ---------------------------------------------------------------

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db
def test_healthz_reports_tasks_running_inside_requests(client):
    body = client.get("/healthz").json()

    assert body["checks"]["tasks"]["ok"] is True
    assert body["checks"]["tasks"]["backend"] == "immediate"


@pytest.mark.django_db
def test_healthz_is_ok_while_the_queue_is_being_drained(client, settings):
    settings.TASKS = DATABASE_TASKS
    leave_a_mark.enqueue("/nonexistent/just-queued")

    response = client.get("/healthz")

    assert response.status_code == 200
    tasks = response.json()["checks"]["tasks"]
    assert (tasks["ok"], tasks["backend"]) == (True, "database")


@pytest.mark.django_db
def test_healthz_shows_a_queue_nobody_drains_without_failing_the_web_node(client, settings):
    settings.TASKS = DATABASE_TASKS
    settings.TASKS_STALE_SECONDS = 120
    for _ in range(3):
        leave_a_mark.enqueue("/nonexistent/never-run")
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=5))

    response = client.get("/healthz")

    assert response.status_code == 200  # the web node serves pages fine without the worker
    body = response.json()
    assert body["status"] == "degraded"
    assert body["failing"] == ["tasks"]
    assert body["checks"]["tasks"]["ok"] is False
    assert "3 tasks waiting, the oldest for 5 min" in body["checks"]["tasks"]["detail"]
