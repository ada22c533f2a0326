"""The site as a browser meets it: the ASGI app under daphne, on a SQLite file of its own.

The database is built once per test run (`migrate`, then `setup_site`) into a template file; each
server (one per pytest-xdist worker) starts from a copy of it. The test process opens the same
file (see conftest.py), so rows the factories create are on the pages the browser loads.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

STARTUP_TIMEOUT = 90.0
BUILD_TIMEOUT = 600.0


class ServerError(Exception):
    """The database could not be built or the server did not come up; the message says why."""


def server_environment(database: Path) -> dict[str, str]:
    """The settings a server runs with: SQLite, in-memory cache and channel layer, tasks at once.

    Variables pointing at PostgreSQL, Redis or Elasticsearch are overridden with empty values,
    not just removed, so a `.env` file cannot bring them back.
    """
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="community.settings",
        DATABASE_URL=f"sqlite:///{database}",
        REDIS_URL="",
        ELASTICSEARCH_URL="",
        TASKS_BACKEND="immediate",
        DEBUG="on",
        COMMUNITY_DEMO="off",
        PYTHONUNBUFFERED="1",
    )
    return env


def build_template(folder: Path) -> Path:
    """The migrated database with the page tree, built once per run and shared by every worker.

    pytest-xdist's workers share `folder`; the first to arrive builds, the others wait on the lock.
    """
    folder.mkdir(parents=True, exist_ok=True)
    template = folder / "template.sqlite3"
    with open(folder / "template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            building = folder / "building.sqlite3"
            building.unlink(missing_ok=True)
            log = folder / "build.log"
            env = server_environment(building)
            for command in (["migrate", "--noinput"], ["setup_site"]):
                _run_manage(command, env, log)
            _checkpoint(building)
            building.rename(template)
    return template


def _run_manage(command: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("a") as output:
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=BUILD_TIMEOUT,
        )
    if result.returncode != 0:
        raise ServerError(
            f"`manage.py {' '.join(command)}` failed while building the browser tests' "
            f"database:\n{_tail(log)}"
        )


def _checkpoint(database: Path) -> None:
    """Fold the write-ahead log into the file, so that copying the file alone copies it all."""
    import sqlite3

    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    finally:
        connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


@dataclass
class LiveServer:
    """A daphne process serving community.asgi:application on 127.0.0.1."""

    database: Path
    log: Path
    port: int = 0
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        # The socket is bound here and handed to daphne, so no other process can take the port
        # between choosing it and listening on it.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "daphne",
                    "--fd",
                    str(listener.fileno()),
                    "community.asgi:application",
                ],
                cwd=settings.BASE_DIR,
                env=server_environment(self.database),
                stdout=output,
                stderr=subprocess.STDOUT,
                pass_fds=(listener.fileno(),),
            )
        listener.close()
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"daphne exited with status {self.process.returncode}:\n{_tail(self.log)}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise ServerError(
            f"daphne did not answer {self.url}/healthz within {STARTUP_TIMEOUT:.0f} s:\n"
            f"{_tail(self.log)}"
        )

    def log_tail(self, lines: int = 40) -> str:
        return _tail(self.log, lines)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_server(*, template: Path, folder: Path) -> LiveServer:
    """A server of this worker's own, on a fresh copy of the template database."""
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "site.sqlite3"
    shutil.copyfile(template, database)
    server = LiveServer(database=database, log=folder / "daphne.log")
    server.start()
    return server


def _tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
