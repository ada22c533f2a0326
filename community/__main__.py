"""`python3 -m community demo` and `python3 -m community test`: from a bare Python to a running site.

Runs before any dependency is installed, so only the standard library may be imported here.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import NoReturn

from community import bootstrap
from community.bootstrap import BootstrapError, say

MINIMUM_PYTHON = (3, 11)

USAGE = """\
usage: python3 -m community <command> [options]

Both commands first make sure .venv in the repository exists and has the project installed
(created and installed on the first run, reinstalled only when pyproject.toml changes).

commands:
  demo [--host HOST] [--port PORT]
        migrate the database, build the page tree, load the demo community and serve it with
        WebSockets on http://127.0.0.1:8000/ until Ctrl+C
  test [PYTEST ARGUMENTS...]
        run the test suite on every core (pytest -q -n auto) plus any arguments given,
        exiting with pytest's status; -n 0 runs it in one process

Settings come from environment variables (see README.md); with none set the site runs on SQLite
with an in-memory cache and channel layer.
"""

DEMO_LOGINS = (
    ("Community manager", "manager@example.com", "community-demo"),
    ("Member", "member@example.com", "community-demo"),
    ("Partner", "partner@example.com", "community-demo"),
)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if sys.version_info < MINIMUM_PYTHON:
        wanted = ".".join(map(str, MINIMUM_PYTHON))
        print(
            f"error: the project needs Python {wanted} or newer; this is {sys.version.split()[0]}."
            f" Run it with python{wanted} (or newer) instead.",
            file=sys.stderr,
        )
        return 1
    if not arguments or arguments[0] in ("-h", "--help", "help"):
        print(USAGE, end="", file=sys.stdout if arguments else sys.stderr)
        return 0 if arguments else 2
    command, rest = arguments[0], arguments[1:]
    commands = {"demo": demo, "test": test}
    if command not in commands:
        print(f"error: unknown command {command!r}\n\n{USAGE}", end="", file=sys.stderr)
        return 2

    try:
        return commands[command](rest)
    except BootstrapError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130


def demo(arguments: list[str]) -> NoReturn:
    """Set up the environment and the demo database, then serve the site (never returns)."""
    parser = argparse.ArgumentParser(
        prog="python3 -m community demo",
        description="Set up the demo community and serve it with WebSockets until Ctrl+C.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on (8000)")
    options = parser.parse_args(arguments)

    # Checked before a possibly long install, and again just before the server starts.
    _ensure_port_free(options.host, options.port)
    os.chdir(bootstrap.PROJECT_ROOT)
    python = bootstrap.ensure_environment()
    url = f"http://{_browsable_host(options.host)}:{options.port}/"
    env = _child_environment(python)
    # Links the admin writes into its e-mails should point at this server.
    env.setdefault("BASE_URL", url.rstrip("/"))
    # A quiet console, e-mail kept in the demo mailbox, the site's own 404 page (settings.py).
    env.setdefault("COMMUNITY_DEMO", "on")

    for management_command in (["migrate", "--noinput"], ["setup_site"], ["seed_demo"]):
        _manage(python, management_command, env)

    _ensure_port_free(options.host, options.port)
    _print_banner(url, options.host, env)
    address = f"[{options.host}]" if ":" in options.host else options.host
    _serve(python, ["manage.py", "runserver", f"{address}:{options.port}"], env)


def _serve(python: Path, server: list[str], env: dict[str, str]) -> NoReturn:
    """Run the web server, with a background task worker beside it when tasks are queued in
    the database (settings: REDIS_URL set, or TASKS_BACKEND=database), and stop both together."""
    default_backend = "database" if env.get("REDIS_URL") else "immediate"
    if env.get("TASKS_BACKEND", default_backend) != "database":
        _exec(python, server, env)
    say("starting the background task worker (manage.py task_worker)")
    worker = Supervised(
        [str(python), "manage.py", "task_worker", "--queue-name", "*", "--no-reload"],
        env,
        name="background task worker",
    )
    worker.start()
    status = 1
    try:
        status = subprocess.run([str(python), *server], env=env).returncode
    except KeyboardInterrupt:
        status = 130
    finally:
        worker.stop()
    sys.exit(status)


class Supervised(threading.Thread):
    """Keeps a child process running: restarted, with growing pauses, whenever it exits.

    The task worker already rides out database restarts itself; this covers everything else
    that can end it (a crash, the OOM killer), as systemd's Restart=always does in production.
    """

    FIRST_PAUSE = 1.0
    MAX_PAUSE = 30.0
    STEADY_SECONDS = 60.0  # ran this long: the next restart pauses briefly again

    def __init__(self, command: list[str], env: dict[str, str], *, name: str) -> None:
        super().__init__(name=name, daemon=True)
        self.command = command
        self.env = env
        self.restarts = 0
        self.process: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()

    def run(self) -> None:
        pause = self.FIRST_PAUSE
        while True:
            with self._lock:
                if self._stopping.is_set():
                    return
                self.process = subprocess.Popen(self.command, env=self.env)
            started = time.monotonic()
            status = self.process.wait()
            # Ctrl+C reaches the child and us together: give stop() a moment to say so.
            if self._stopping.wait(0.5):
                return
            if time.monotonic() - started > self.STEADY_SECONDS:
                pause = self.FIRST_PAUSE
            say(f"the {self.name} exited (status {status}); restarting it in {pause:.0f} s")
            if self._stopping.wait(pause):
                return
            pause = min(pause * 2, self.MAX_PAUSE)
            self.restarts += 1

    def stop(self) -> None:
        with self._lock:
            self._stopping.set()
            process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.join(timeout=15)


def test(arguments: list[str]) -> NoReturn:
    """Set up the environment and hand over to pytest (never returns)."""
    os.chdir(bootstrap.PROJECT_ROOT)
    python = bootstrap.ensure_environment()
    _exec(
        python, ["-m", "pytest", "-q", *parallel_by_default(arguments)], _child_environment(python)
    )


def parallel_by_default(arguments: list[str]) -> list[str]:
    """Spread the suite over every core (pytest-xdist) unless the caller chose otherwise.

    xdist's default distribution keeps pytest-django's order on each worker: tests in real
    transactions, which empty the database when they end, run after the others. Grouping by
    file (`--dist loadfile`) would break that. `-n 0`, `-n 4` or `-p no:xdist` take over.
    """
    for index, argument in enumerate(arguments):
        chose_workers = argument in ("-n", "--numprocesses") or argument.startswith(
            "--numprocesses="
        )
        chose_workers = chose_workers or (argument.startswith("-n") and argument[2:3].isalnum())
        no_xdist = argument == "no:xdist" and index > 0 and arguments[index - 1] == "-p"
        if chose_workers or no_xdist or argument == "-pno:xdist":
            return arguments
    return ["-n", "auto", *arguments]


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return int(text)


def _manage(python: Path, arguments: list[str], env: dict[str, str]) -> None:
    say(f"manage.py {' '.join(arguments)}")
    result = subprocess.run([str(python), "manage.py", *arguments], env=env)
    if result.returncode != 0:
        raise BootstrapError(
            f"`manage.py {' '.join(arguments)}` failed (exit code {result.returncode}); "
            "the messages above say why."
        )


def _child_environment(python: Path) -> dict[str, str]:
    """The environment an activated venv would give, so tools it installed are on PATH."""
    venv_dir = python.parent.parent
    env = dict(os.environ)
    env.pop("PYTHONHOME", None)  # it would point the venv's Python at another stdlib
    env["VIRTUAL_ENV"] = str(venv_dir)
    env["PATH"] = os.pathsep.join([str(python.parent), env.get("PATH", os.defpath)])
    return env


def _exec(python: Path, arguments: list[str], env: dict[str, str]) -> NoReturn:
    # Replacing this process lets Ctrl+C and the exit status go straight to the server or pytest.
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(str(python), [str(python), *arguments], env)


def _ensure_port_free(host: str, port: int) -> None:
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
    except (socket.gaierror, OverflowError) as error:
        raise BootstrapError(f"Cannot listen on {host}:{port} ({error}).") from None
    with socket.socket(family, kind, protocol) as probe:
        # The server sets SO_REUSEADDR too, so a port in TIME_WAIT is not reported as busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise BootstrapError(
                    f"Port {port} on {host} is already in use. Stop what is using it, or choose "
                    f"another port: python3 -m community demo --port {port + 1}"
                ) from None
            raise BootstrapError(f"Cannot listen on {host}:{port} ({error.strerror}).") from None


def _browsable_host(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _print_banner(url: str, host: str, env: dict[str, str]) -> None:
    lines = [
        f"The demo community is starting on {url}",
        f"Wagtail admin: {url}admin/   Sign in: {url}accounts/login/",
        *([] if env.get("EMAIL_URL") else [f"E-mail is kept, not sent: read it at {url}dev/mail/"]),
        "",
        *(f"{role + ':':<19}{email} / {password}" for role, email, password in DEMO_LOGINS),
        "",
        "Stop the server with Ctrl+C.",
    ]
    if host not in LOOPBACK_HOSTS and "ALLOWED_HOSTS" not in env:
        lines += [
            "",
            "Serving beyond this machine: set ALLOWED_HOSTS to the names browsers will use.",
        ]
    rule = "-" * max(len(line) for line in lines)
    print("\n".join(["", rule, *lines, rule, ""]), flush=True)


if __name__ == "__main__":
    sys.exit(main())
