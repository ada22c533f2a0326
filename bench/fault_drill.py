"""Load and fault drill: does the site stay up while Redis, PostgreSQL and its processes falter?

    .venv/bin/python bench/fault_drill.py                      # about 6-8 minutes
    .venv/bin/python bench/fault_drill.py --duration 10 --scenarios steady,redis-kill

Everything it uses is its own and on 127.0.0.1: a Redis server (--redis-port, 6399) and a
PostgreSQL cluster made with initdb (--pg-port, 5449) in a temporary directory, two daphne
processes (--ports, 8191,8192) and one `manage.py task_worker`, all started here and stopped at
the end, whatever happens (the temporary directory goes too). It migrates, runs setup_site and
seed_demo (--members and --topics for the bulk), collects static files into the temporary
directory and serves the site with DEBUG off, as in production.

Members sign in through allauth's login form (each from an address of its own, passed by daphne's
--proxy-headers, as behind the documented proxy). --load of them keep reading the forum index,
categories, topics, search and the home page and post replies and kudos, spread over both
servers as a load balancer would (a refused connection is retried on the other server). Every
signed-in member (--sockets in all) holds a notification WebSocket, reopened when it drops.
/healthz is polled on each server every second.

Then the scenarios play one after another (--duration seconds each): steady; Redis killed then
restarted on its port; Redis hung (SIGSTOP) then resumed; PostgreSQL restarted (pg_ctl restart
-m fast); the task worker killed and, once /healthz reports the queue stalled
(TASKS_STALE_SECONDS is 10 here), started again; one daphne process killed and started again; a
burst of --burst replies to one topic from every member at once (the ordinary load paused).

For each scenario it records requests, 5xx and timeouts on reads and on writes, 429s, /healthz
per second on each server and the seconds from the end of the fault until both answer 200, and
live pushes: the notifications written for members whose socket stayed open, against those
their socket received. At the end it checks that every reply the site acknowledged (2xx or 3xx)
is in the database and that every touched topic's reply_count equals its published replies.

Prints a table, writes it as JSON (--json) and exits 1 when a target of the drill is missed:
a read answered 5xx (or timed out) in any scenario, /healthz not back to 200 on both servers
within --recovery-target seconds of a fault ending, a 5xx in the burst, fewer than 99% of
pushes delivered where the channel layer was up, an acknowledged reply lost, or a counter off.
"""

import argparse
import asyncio
import atexit
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DATABASE = "community_drill"
PG_BIN_DIRS = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/local/bin"]
DEMO_PASSWORD = "community-demo"  # seed_demo's members (community/members/demo.py)
SEARCH_WORDS = ["webinar", "segment", "email", "journey", "attribution", "lead", "import", "api"]
SCENARIOS = [
    "steady",
    "redis-kill",
    "redis-hang",
    "pg-restart",
    "worker-kill",
    "daphne-kill",
    "burst",
]
#: Scenarios in which the channel layer (Redis) stays up, so every push must arrive.
LAYER_UP = {"steady", "pg-restart", "worker-kill", "daphne-kill", "burst"}
PUSH_TARGET = 0.99
SETTLE = 4.0  # seconds after a scenario for late pushes and healthz samples
BACKLOG_DRAINED = 200  # messages waiting in the channel layer that ordinary load leaves


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=25.0, help="Seconds per scenario.")
    parser.add_argument("--fault", type=float, default=10.0, help="Seconds a fault lasts.")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help="Comma-separated.")
    parser.add_argument("--load", type=int, default=30, help="Members reading and writing.")
    parser.add_argument("--sockets", type=int, default=70, help="Members with a WebSocket.")
    parser.add_argument("--burst", type=int, default=500, help="Replies in the burst.")
    parser.add_argument("--burst-threads", type=int, default=40, help="Burst requests at once.")
    parser.add_argument("--members", type=int, default=200, help="seed_demo --members.")
    parser.add_argument("--topics", type=int, default=500, help="seed_demo --topics.")
    parser.add_argument("--redis-port", type=int, default=6399)
    parser.add_argument("--pg-port", type=int, default=5449)
    parser.add_argument("--ports", default="8191,8192", help="daphne ports, comma-separated.")
    parser.add_argument("--recovery-target", type=float, default=10.0, help="Seconds.")
    parser.add_argument(
        "--json",
        default=str(Path(tempfile.gettempdir()) / "fault-drill.json"),
        help="Where to write the results.",
    )
    parser.add_argument(
        "--keep-logs", action="store_true", help="Keep the temporary directory (logs)."
    )
    args = parser.parse_args()
    args.ports = [int(port) for port in args.ports.split(",")]
    args.scenarios = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if len(args.ports) != 2:
        parser.error("--ports takes two ports")
    args.sockets = max(args.sockets, args.load)
    return args


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)


# --- Processes -----------------------------------------------------------------------------


class Processes:
    """Every process the drill starts, each in a session of its own, all stopped at the end."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.running: dict[str, subprocess.Popen] = {}
        self.pg_data: Path | None = None
        self.pg_ctl: str = ""
        self.as_postgres: list[str] = []

    def start(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        out = self.log_path(name).open("ab")
        self.running[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        out.close()

    def signal(self, name: str, signum: int) -> None:
        process = self.running.get(name)
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signum)

    def kill(self, name: str) -> None:
        process = self.running.pop(name, None)
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGCONT)  # a stopped process cannot die of SIGTERM
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for name in list(self.running):
            process = self.running[name]
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGCONT)
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for name in list(self.running):
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.running[name].wait(timeout=max(0.1, deadline - time.monotonic()))
            self.kill(name)
        if self.pg_data is not None and (self.pg_data / "postmaster.pid").exists():
            subprocess.run(
                [
                    *self.as_postgres,
                    self.pg_ctl,
                    "-D",
                    str(self.pg_data),
                    "stop",
                    "-m",
                    "immediate",
                ],
                capture_output=True,
                timeout=60,
            )

    def log_path(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def logged(self, name: str) -> str | None:
        """What the process `name` has written so far, or None when it has no log."""
        try:
            return self.log_path(name).read_text(errors="replace")
        except OSError:
            return None

    def tail(self, name: str, lines: int = 20) -> str:
        return "\n".join((self.logged(name) or "").splitlines()[-lines:])


def wait_for_port(port: int, timeout: float, process: subprocess.Popen | None = None) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process for port {port} exited")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return time.monotonic() - started
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} within {timeout:.0f} s")


def ensure_port_free(port: int) -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            sys.exit(f"Port {port} is in use; pick another.")


def find_pg_bin(name: str) -> str:
    for folder in PG_BIN_DIRS:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found (PostgreSQL's server binaries are needed).")
    return found


def start_redis(processes: Processes, port: int) -> None:
    processes.start(
        "redis",
        [
            "redis-server",
            "--port", str(port),
            "--bind", HOST,
            "--save", "",
            "--appendonly", "no",
            "--dir", str(processes.workdir),
        ],
    )  # fmt: skip
    wait_for_port(port, 10, processes.running["redis"])


def start_postgres(processes: Processes, port: int) -> None:
    """A cluster of its own in the temporary directory, owned by `postgres` when run as root."""
    initdb, processes.pg_ctl = find_pg_bin("initdb"), find_pg_bin("pg_ctl")
    data = processes.workdir / "pg"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(processes.workdir, user="postgres")
        shutil.chown(data, user="postgres")
        processes.as_postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*processes.as_postgres, initdb, "-D", str(data), "-U", "postgres", "--auth=trust"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    processes.pg_data = data
    options = (
        f"-p {port} -c listen_addresses={HOST} -k {data} -c max_connections=100 "
        "-c fsync=off -c full_page_writes=off"
    )
    subprocess.run(
        [*processes.as_postgres, processes.pg_ctl, "-D", str(data), "-o", options]
        + ["-l", str(data / "server.log"), "-w", "start"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    import psycopg

    dsn = f"host={HOST} port={port} user=postgres dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {DATABASE}")


def restart_postgres(processes: Processes) -> None:
    data = processes.pg_data
    # The new postmaster inherits pg_ctl's output: a pipe here would never close.
    subprocess.run(
        [*processes.as_postgres, processes.pg_ctl, "-D", str(data), "-l", str(data / "server.log")]
        + ["restart", "-m", "fast", "-w"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )


def site_environment(args: argparse.Namespace, workdir: Path) -> dict[str, str]:
    """Production mode (DEBUG off) on the drill's own engines; static files in the workdir."""
    (workdir / "drill_settings.py").write_text(
        "from community.settings import *  # noqa: F403\n\n"
        f"STATIC_ROOT = {str(workdir / 'static')!r}\n"
        "# What the channel layer drops over capacity, and the live sender's own reports.\n"
        "LOGGING['loggers']['channels_redis'] = {'level': 'INFO'}\n"
        "LOGGING['loggers']['community.notifications.live'] = {'level': 'INFO'}\n"
    )
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "drill_settings",
        "DEBUG": "off",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "BASE_URL": f"http://{HOST}:{args.ports[0]}",
        "SECURE_SSL_REDIRECT": "off",
        "SESSION_COOKIE_SECURE": "off",
        "CSRF_COOKIE_SECURE": "off",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": f"postgres://postgres@{HOST}:{args.pg_port}/{DATABASE}",
        "REDIS_URL": f"redis://{HOST}:{args.redis_port}/0",
        "CHANNEL_PREFIX": f"drill-{secrets.token_hex(4)}",
        "MEDIA_ROOT": str(workdir / "media"),
        "DEV_MAIL_DIR": str(workdir / "mail"),
        "EMAIL_URL": "dummymail://",
        "LOG_LEVEL": "WARNING",
        "TASKS_STALE_SECONDS": "10",
        # The drill's members write far more than a person would: let most writes through.
        "RATE_LIMIT_REPLIES": "100000/600",
        "RATE_LIMIT_KUDOS": "100000/600",
        "ELASTICSEARCH_URL": "",
        "COMMUNITY_DEMO": "off",
    }


def manage(env: dict[str, str], *arguments: str, timeout: float = 900) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{result.stderr[-3000:]}")
    log(f"manage.py {' '.join(arguments)}: {time.monotonic() - started:.0f} s")


def start_daphne(processes: Processes, env: dict[str, str], port: int) -> None:
    processes.start(
        f"daphne-{port}",
        [sys.executable, "-m", "daphne", "--proxy-headers", "-b", HOST, "-p", str(port)]
        + ["community.asgi:application"],
        env,
    )


def start_worker(processes: Processes, env: dict[str, str]) -> None:
    processes.start(
        "worker", [sys.executable, "manage.py", "task_worker", "--queue-name", "*"], env
    )


# --- The database, read directly -----------------------------------------------------------


class Database:
    """Plain SQL on the drill's database, reconnecting after a restart."""

    def __init__(self, port: int) -> None:
        self.dsn = f"host={HOST} port={port} user=postgres dbname={DATABASE}"
        self.connection = None
        self.lock = threading.Lock()

    def rows(self, sql: str, params: list | tuple = ()) -> list[tuple]:
        import psycopg

        with self.lock:
            for attempt in range(30):
                try:
                    if self.connection is None or self.connection.closed:
                        self.connection = psycopg.connect(self.dsn, autocommit=True)
                    return self.connection.execute(sql, params).fetchall()
                except psycopg.OperationalError:
                    self.connection = None
                    if attempt == 29:
                        raise
                    time.sleep(1)
        return []

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


# --- Measurements --------------------------------------------------------------------------


@dataclass
class Tally:
    requests: int = 0
    reads: int = 0
    writes: int = 0
    read_5xx: int = 0
    write_5xx: int = 0
    read_timeouts: int = 0
    write_timeouts: int = 0
    too_many: int = 0  # 429
    other_4xx: int = 0
    refused: int = 0  # connection refused or reset: a load balancer would send it elsewhere
    statuses: dict = field(default_factory=lambda: defaultdict(int))
    failures: dict = field(default_factory=lambda: defaultdict(int))  # "GET /path -> 500"


@dataclass
class Scenario:
    name: str
    started: float = 0.0
    ended: float = 0.0
    fault_started: float | None = None
    fault_ended: float | None = None
    tally: Tally = field(default_factory=Tally)
    health: dict = field(
        default_factory=lambda: defaultdict(list)
    )  # port -> [(t, status, failing)]
    notes: list = field(default_factory=list)
    result: dict = field(default_factory=dict)
    backlog: list = field(default_factory=list)  # messages waiting in the layer, per second


class Drill:
    """What every thread records, under one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.current: Scenario | None = None
        self.acknowledged: dict[str, int] = {}  # reply token -> topic id
        self.touched_topics: set[int] = set()
        self.received: dict[int, float] = {}  # notification id -> first receipt
        self.duplicates = 0
        # member id -> [[opened, closed or None], ...] of their notification socket
        self.open_spans: dict[int, list[list]] = defaultdict(list)
        self.socket_failures: dict[str, int] = defaultdict(int)

    def record(self, kind: str, label: str, status: int | str) -> None:
        with self.lock:
            scenario = self.current
            if scenario is None:
                return
            tally = scenario.tally
            if status == "refused":
                tally.refused += 1
                return
            tally.requests += 1
            write = kind == "write"
            if write:
                tally.writes += 1
            else:
                tally.reads += 1
            tally.statuses[str(status)] += 1
            if status == "timeout":
                if write:
                    tally.write_timeouts += 1
                else:
                    tally.read_timeouts += 1
                tally.failures[f"{label} -> timeout"] += 1
            elif status >= 500:
                if write:
                    tally.write_5xx += 1
                else:
                    tally.read_5xx += 1
                tally.failures[f"{label} -> {status}"] += 1
            elif status == 429:
                tally.too_many += 1
            elif status >= 400:
                tally.other_4xx += 1
                tally.failures[f"{label} -> {status}"] += 1


# --- HTTP clients --------------------------------------------------------------------------


class Balancer:
    """Spreads requests over the servers; a refused connection goes to the next one."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.turn = 0

    def urls(self, path: str) -> list[str]:
        self.turn += 1
        first = self.turn % len(self.ports)
        ordered = self.ports[first:] + self.ports[:first]
        return [f"http://{HOST}:{port}{path}" for port in ordered]


class Member:
    def __init__(self, pk: int, email: str, address: str, balancer: Balancer) -> None:
        import requests

        self.pk = pk
        self.email = email
        self.session = requests.Session()
        self.session.trust_env = False
        # daphne --proxy-headers takes the client's address from here, as behind the proxy.
        self.session.headers["X-Forwarded-For"] = address
        self.balancer = balancer

    def request(self, drill: Drill, kind: str, method: str, path: str, label: str, **kwargs):
        """One request, tallied; returns the response or None."""
        import requests

        kwargs.setdefault("timeout", 30)
        kwargs.setdefault("allow_redirects", method == "GET")
        if method == "POST":
            headers = kwargs.setdefault("headers", {})
            headers["X-CSRFToken"] = self.session.cookies.get("csrftoken", "")
        for url in self.balancer.urls(path):
            try:
                response = self.session.request(method, url, **kwargs)
            except requests.Timeout:
                drill.record(kind, label, "timeout")
                return None
            except requests.ConnectionError:
                drill.record(kind, label, "refused")
                continue
            drill.record(kind, label, response.status_code)
            return response
        return None

    def sign_in(self, password: str) -> None:
        import requests

        for _attempt in range(20):
            url = self.balancer.urls("/accounts/login/")[0]
            try:
                self.session.get(url, timeout=60)
                response = self.session.post(
                    url,
                    data={
                        "login": self.email,
                        "password": password,
                        "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", ""),
                    },
                    headers={"Referer": url},
                    allow_redirects=False,
                    timeout=60,
                )
            except requests.RequestException:
                time.sleep(1)
                continue
            if response.status_code == 302 and "sessionid" in self.session.cookies:
                return
            time.sleep(2 if response.status_code == 429 else 1)
        raise RuntimeError(f"{self.email} could not sign in")

    @property
    def session_key(self) -> str:
        return self.session.cookies.get("sessionid", "")


REPLY_LINES = [
    "We saw the same after the last release; clearing the segment cache fixed it for us.",
    "Does this also happen when the journey starts from an API event instead of a list?",
    "Thanks, that worked. We now schedule the import an hour before the send.",
    "Our team solved it with a webhook that retries with a backoff. Happy to share the config.",
    "Following. We are planning the same rollout next quarter.",
    "The attribution report counts it once per session, not per click, which explains the gap.",
]


def reply_body() -> tuple[str, str]:
    token = f"drill-{uuid.uuid4().hex[:16]}"
    return token, f"{random.choice(REPLY_LINES)} ({token})"


def post_reply(drill: Drill, member: Member, topic_id: int) -> None:
    token, body = reply_body()
    response = member.request(
        drill, "write", "POST", f"/forums/t/{topic_id}/reply/", "POST reply", data={"body": body}
    )
    if response is not None and response.status_code < 400:
        with drill.lock:
            drill.acknowledged[token] = topic_id
            drill.touched_topics.add(topic_id)


def browse(drill: Drill, member: Member, site: dict, stop: threading.Event) -> None:
    """One member's day: mostly reading, sometimes replying or giving kudos."""
    rng = random.Random(member.pk)
    while not stop.is_set():
        if site["paused"].is_set():
            time.sleep(0.2)
            continue
        roll = rng.random()
        topic_id, topic_path = rng.choice(site["topics"])
        if roll < 0.15:
            member.request(drill, "read", "GET", "/forums/", "GET /forums/")
        elif roll < 0.30:
            path = rng.choice(site["categories"])
            member.request(drill, "read", "GET", path, "GET category")
        elif roll < 0.55:
            member.request(drill, "read", "GET", topic_path, "GET topic")
        elif roll < 0.67:
            query = rng.choice(SEARCH_WORDS)
            member.request(drill, "read", "GET", f"/search/?q={query}", "GET /search/")
        elif roll < 0.77:
            member.request(drill, "read", "GET", "/", "GET /")
        elif roll < 0.82:
            member.request(drill, "read", "GET", "/notifications/", "GET /notifications/")
        elif roll < 0.96:
            post_reply(drill, member, topic_id)
        elif site["replies"]:
            reply_id = rng.choice(site["replies"])
            member.request(drill, "write", "POST", f"/forums/r/{reply_id}/kudos/", "POST kudos")
        stop.wait(rng.uniform(0.3, 1.2))


def poll_health(drill: Drill, port: int, stop: threading.Event) -> None:
    import requests

    session = requests.Session()
    session.trust_env = False
    while not stop.is_set():
        started = time.time()
        failing: list = []
        try:
            response = session.get(f"http://{HOST}:{port}/healthz", timeout=3)
            status: int | str = response.status_code
            with contextlib.suppress(ValueError):
                failing = response.json().get("failing", [])
        except requests.Timeout:
            status = "timeout"
        except requests.ConnectionError:
            status = "down"
        with drill.lock:
            if drill.current is not None:
                drill.current.health[port].append((round(started, 2), status, failing))
        stop.wait(max(0.0, 1.0 - (time.time() - started)))


def sample_backlog(drill: Drill, redis_port: int, prefix: str, stop: threading.Event) -> None:
    """Messages waiting in the channel layer for the servers' consumers (channels_redis keeps
    them in one sorted set per process and drops those older than its expiry, 60 s)."""
    import redis

    client = redis.Redis(host=HOST, port=redis_port, socket_timeout=1, socket_connect_timeout=1)
    while not stop.is_set():
        try:
            waiting = sum(
                client.zcard(key)
                for key in client.scan_iter(match=f"{prefix}*!*", count=1000)
                if client.type(key) == b"zset"
            )
        except redis.RedisError:
            waiting = None
        with drill.lock:
            if drill.current is not None and waiting is not None:
                drill.current.backlog.append(waiting)
        stop.wait(1.0)


# --- WebSockets ----------------------------------------------------------------------------


async def hold_socket(drill: Drill, member: Member, ports: list[int], index: int, stop) -> None:
    """Keep one notification socket open for the member, reopening it when it drops."""
    from websockets.asyncio.client import connect

    attempt = 0
    while not stop.is_set():
        port = ports[(index + attempt) % len(ports)]
        attempt += 1
        span = None
        try:
            async with connect(
                f"ws://{HOST}:{port}/ws/notifications/",
                origin=f"http://{HOST}:{port}",
                additional_headers={"Cookie": f"sessionid={member.session_key}"},
                proxy=None,
                open_timeout=30,
                ping_interval=None,  # the server decides when the socket is dead, not the drill
            ) as ws:
                hello = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
                if hello.get("type") != "hello":
                    raise RuntimeError(f"first message {hello.get('type')!r}")
                span = [time.time(), None, port]
                with drill.lock:
                    drill.open_spans[member.pk].append(span)
                attempt -= 1  # stay on this server next time while it works
                async for raw in ws:
                    message = json.loads(raw)
                    if message.get("type") == "notification":
                        pk = message["notification"]["id"]
                        with drill.lock:
                            if pk in drill.received:
                                drill.duplicates += 1
                            else:
                                drill.received[pk] = time.time()
                    if stop.is_set():
                        break
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - counted; the socket is reopened
            with drill.lock:
                drill.socket_failures[type(exc).__name__] += 1
        finally:
            if span is not None:
                span[1] = time.time()
        if not stop.is_set():
            await asyncio.sleep(1)


def run_sockets(drill: Drill, members: list[Member], ports: list[int], stop) -> None:
    async def main() -> None:
        tasks = [
            asyncio.create_task(hold_socket(drill, member, ports, index, stop))
            for index, member in enumerate(members)
        ]
        while not stop.is_set():
            await asyncio.sleep(0.2)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run(main())


def open_throughout(spans: list[list], start: float, end: float) -> bool:
    return any(
        opened <= start and (closed is None or closed >= end) for opened, closed, _port in spans
    )


# --- Scenarios -----------------------------------------------------------------------------


class Runner:
    def __init__(self, args, processes: Processes, env: dict, drill: Drill, db: Database) -> None:
        self.args = args
        self.processes = processes
        self.env = env
        self.drill = drill
        self.db = db
        self.site: dict = {}
        self.members: list[Member] = []

    def begin(self, name: str) -> Scenario:
        scenario = Scenario(name=name, started=time.time())
        with self.drill.lock:
            self.drill.current = scenario
            per_port = defaultdict(int)
            for spans in self.drill.open_spans.values():
                for _opened, closed, port in spans:
                    if closed is None:
                        per_port[port] += 1
        scenario.result["sockets_per_server"] = {
            str(port): per_port[port] for port in self.args.ports
        }
        log(f"scenario {name} (open sockets per server: {dict(per_port)})")
        return scenario

    def fault(self, scenario: Scenario, started: bool) -> None:
        if started:
            scenario.fault_started = time.time()
        else:
            scenario.fault_ended = time.time()

    def finish(self, scenario: Scenario) -> None:
        scenario.ended = time.time()
        time.sleep(SETTLE)  # late pushes and health samples still count for this scenario
        # Pushes still waiting in the layer are late, not lost: let a backlog drain (the layer
        # itself drops what waited longer than its expiry, 60 s). The ordinary load keeps a
        # handful of messages in flight, so only a real backlog is waited for.
        deadline = time.time() + 60
        while time.time() < deadline:
            with self.drill.lock:
                waiting = scenario.backlog[-1] if scenario.backlog else 0
            if waiting <= BACKLOG_DRAINED:
                break
            time.sleep(1)
        if time.time() - scenario.ended > SETTLE + 1:
            scenario.notes.append(
                f"waited {time.time() - scenario.ended:.0f} s for the layer's backlog to drain"
            )
        with self.drill.lock:
            self.drill.current = None
        scenario.result = self.summarise(scenario)

    def play(self, name: str) -> Scenario:
        scenario = self.begin(name)
        args, processes = self.args, self.processes
        rest = max(0.0, args.duration - args.fault - 3)
        if name == "steady":
            time.sleep(args.duration)
        elif name == "redis-kill":
            time.sleep(3)
            self.fault(scenario, True)
            processes.kill("redis")
            time.sleep(args.fault)
            start_redis(processes, args.redis_port)
            self.fault(scenario, False)
            time.sleep(rest)
        elif name == "redis-hang":
            time.sleep(3)
            self.fault(scenario, True)
            processes.signal("redis", signal.SIGSTOP)
            time.sleep(args.fault)
            processes.signal("redis", signal.SIGCONT)
            self.fault(scenario, False)
            time.sleep(rest)
        elif name == "pg-restart":
            time.sleep(3)
            self.fault(scenario, True)
            restart_postgres(processes)
            self.fault(scenario, False)
            scenario.notes.append(
                f"pg_ctl restart took {scenario.fault_ended - scenario.fault_started:.1f} s"
            )
            time.sleep(max(0.0, args.duration - 3 - (time.time() - scenario.fault_started)))
        elif name == "worker-kill":
            self.worker_kill(scenario)
        elif name == "daphne-kill":
            port = args.ports[1]
            time.sleep(3)
            self.fault(scenario, True)
            processes.kill(f"daphne-{port}")
            time.sleep(3)
            start_daphne(processes, self.env, port)
            self.fault(scenario, False)
            ready = wait_for_port(port, 60, processes.running[f"daphne-{port}"])
            scenario.notes.append(f"restarted daphne listened after {ready:.1f} s")
            time.sleep(max(0.0, args.duration - 6 - ready))
        elif name == "burst":
            self.burst(scenario)
        self.finish(scenario)
        return scenario

    def worker_kill(self, scenario: Scenario) -> None:
        time.sleep(3)
        self.fault(scenario, True)
        self.processes.kill("worker")
        # The worker is not restarted until /healthz says the queue is stalled (or 40 s pass).
        stale_at = None
        deadline = time.time() + 40
        while time.time() < deadline and stale_at is None:
            time.sleep(0.5)
            with self.drill.lock:
                for samples in scenario.health.values():
                    for at, _status, failing in samples:
                        if at > scenario.fault_started and "tasks" in failing:
                            stale_at = at
                            break
        if stale_at is None:
            scenario.notes.append("/healthz never reported the tasks check failing")
        else:
            scenario.notes.append(
                f"/healthz reported tasks failing {stale_at - scenario.fault_started:.1f} s "
                "after the kill"
            )
        scenario.result["tasks_stale_after_s"] = (
            round(stale_at - scenario.fault_started, 1) if stale_at else None
        )
        start_worker(self.processes, self.env)
        self.fault(scenario, False)
        # How long until the restarted worker has drained the queue and the check passes again.
        cleared = None
        deadline = time.time() + max(20.0, self.args.duration)
        while time.time() < deadline and cleared is None:
            time.sleep(0.5)
            with self.drill.lock:
                latest = [samples[-1] for samples in scenario.health.values() if samples]
            if latest and all(
                at > scenario.fault_ended and "tasks" not in failing
                for at, _status, failing in latest
            ):
                cleared = max(at for at, _s, _f in latest)
        scenario.result["tasks_recovered_s"] = (
            round(cleared - scenario.fault_ended, 1) if cleared else None
        )
        scenario.notes.append(
            f"the restarted worker cleared the tasks check in {cleared - scenario.fault_ended:.1f} s"
            if cleared
            else "the tasks check still failed after the worker restarted"
        )

    def burst(self, scenario: Scenario) -> None:
        from concurrent.futures import ThreadPoolExecutor

        topic_id = self.site["burst_topic"]
        self.site["paused"].set()
        time.sleep(1)
        self.fault(scenario, True)
        members = self.members
        with ThreadPoolExecutor(max_workers=self.args.burst_threads) as pool:
            list(
                pool.map(
                    lambda index: post_reply(self.drill, members[index % len(members)], topic_id),
                    range(self.args.burst),
                )
            )
        self.fault(scenario, False)
        took = scenario.fault_ended - scenario.fault_started
        scenario.notes.append(f"{self.args.burst} replies to topic {topic_id} in {took:.1f} s")
        self.site["paused"].clear()
        time.sleep(3)

    # --- Per-scenario figures ---

    def summarise(self, scenario: Scenario) -> dict:
        tally = scenario.tally
        result = {
            **scenario.result,
            "requests": tally.requests,
            "reads": tally.reads,
            "writes": tally.writes,
            "read_5xx": tally.read_5xx,
            "write_5xx": tally.write_5xx,
            "read_timeouts": tally.read_timeouts,
            "write_timeouts": tally.write_timeouts,
            "429": tally.too_many,
            "other_4xx": tally.other_4xx,
            "refused_and_retried": tally.refused,
            "statuses": dict(tally.statuses),
            "failures": dict(sorted(tally.failures.items(), key=lambda item: -item[1])[:10]),
            "notes": scenario.notes,
        }
        result["healthz"] = {
            str(port): [[round(at - scenario.started, 1), status] for at, status, _f in samples]
            for port, samples in scenario.health.items()
        }
        result["healthz_non_200"] = {
            str(port): sum(1 for _at, status, _f in samples if status != 200)
            for port, samples in scenario.health.items()
        }
        result["recovery_s"] = self.recovery(scenario)
        result["channel_backlog_max"] = max(scenario.backlog, default=None)
        result.update(self.pushes(scenario))
        return result

    def recovery(self, scenario: Scenario) -> float | None:
        """Seconds from the fault's end until both servers answer 200 and keep doing so."""
        if scenario.fault_ended is None:
            return None
        worst = 0.0
        for port in self.args.ports:
            samples = [s for s in scenario.health.get(port, []) if s[0] >= scenario.fault_ended]
            if not samples or samples[-1][1] != 200:
                return float("inf")
            last_bad = max((at for at, status, _f in samples if status != 200), default=None)
            if last_bad is None:
                continue
            first_good = min(at for at, status, _f in samples if status == 200 and at > last_bad)
            worst = max(worst, first_good - scenario.fault_ended)
        return round(worst, 1)

    def pushes(self, scenario: Scenario) -> dict:
        """Notifications written for members whose socket was open from just before until the
        end of the scenario, against the ones their socket received."""
        socket_ids = [member.pk for member in self.members]
        rows = self.db.rows(
            "SELECT id, recipient_id, extract(epoch FROM created_at)::float8 "
            "FROM notifications_notification "
            "WHERE created_at >= to_timestamp(%s) AND created_at < to_timestamp(%s) "
            "AND recipient_id = ANY(%s)",
            [scenario.started, scenario.ended, socket_ids],
        )
        horizon = scenario.ended + SETTLE - 0.5
        with self.drill.lock:
            spans = {
                pk: [list(span) for span in spans] for pk, spans in self.drill.open_spans.items()
            }
            received = dict(self.drill.received)
        expected = [
            pk
            for pk, recipient, created in rows
            if open_throughout(spans.get(recipient, []), created - 0.5, horizon)
        ]
        arrived = [pk for pk in expected if pk in received]
        counted = set(arrived)
        latencies = sorted(
            received[pk] - created for pk, _recipient, created in rows if pk in counted
        )
        return {
            "notifications_written": len(rows),
            "pushes_expected": len(expected),
            "pushes_received": len(arrived),
            "push_ratio": round(len(arrived) / len(expected), 4) if expected else None,
            "push_latency_p50_s": round(latencies[len(latencies) // 2], 2) if latencies else None,
            "push_latency_max_s": round(latencies[-1], 2) if latencies else None,
            "layer_up": scenario.name in LAYER_UP,
        }

    # --- End checks ---

    def integrity(self) -> dict:
        tokens = list(self.drill.acknowledged)
        found = {
            match.group(0)
            for (body,) in self.db.rows(
                "SELECT body_source FROM forums_reply WHERE body_source LIKE %s", ["%drill-%"]
            )
            for match in re.finditer(r"drill-[0-9a-f]{16}", body)
        }
        lost = [token for token in tokens if token not in found]
        topics = sorted(self.drill.touched_topics)
        off = self.db.rows(
            "SELECT t.id, t.reply_count, count(r.id) FILTER (WHERE r.visibility = 'published') "
            "FROM forums_topic t LEFT JOIN forums_reply r ON r.topic_id = t.id "
            "GROUP BY t.id HAVING t.reply_count <> "
            "count(r.id) FILTER (WHERE r.visibility = 'published')"
        )
        return {
            "acknowledged_replies": len(tokens),
            "acknowledged_lost": len(lost),
            "lost_examples": lost[:5],
            "topics_touched": len(topics),
            "counters_off": len(off),
            "counters_off_touched": len([row for row in off if row[0] in set(topics)]),
            "counter_examples": [list(row) for row in off[:5]],
        }


# --- Setup ---------------------------------------------------------------------------------


def pick_site(drill_db: Database, reader: Member, socket_ids: list[int]) -> dict:
    """Categories a customer sees (from /forums/), and topics in them to read and reply to."""
    response = reader.session.get(reader.balancer.urls("/forums/")[0], timeout=60)
    response.raise_for_status()
    slugs = sorted(set(re.findall(r'href="/forums/([^"/?#]+)/"', response.text)) - {"tags", "new"})
    topics = drill_db.rows(
        "SELECT t.id, t.slug, p.slug, t.author_id FROM forums_topic t "
        "JOIN wagtailcore_page p ON p.id = t.category_id "
        "WHERE p.slug = ANY(%s) AND t.visibility = 'published' AND NOT t.is_locked "
        "ORDER BY (t.author_id = ANY(%s)) DESC, t.last_activity_at DESC LIMIT 120",
        [slugs, socket_ids],
    )
    if not topics:
        raise RuntimeError(f"no topics found in the categories {slugs}")
    pool = [(pk, f"/forums/{category}/t/{pk}-{slug}/") for pk, slug, category, _a in topics]
    replies = [
        pk
        for (pk,) in drill_db.rows(
            "SELECT id FROM forums_reply WHERE topic_id = ANY(%s) AND visibility = 'published' "
            "AND deleted_at IS NULL AND author_id = ANY(%s) LIMIT 300",
            [[pk for pk, _p in pool], socket_ids],
        )
    ]
    return {
        "categories": [f"/forums/{slug}/" for slug in slugs],
        "topics": pool,
        "replies": replies,
        "burst_topic": pool[0][0],
        "paused": threading.Event(),
    }


def choose_members(db: Database, count: int) -> list[tuple[int, str]]:
    """Generated demo customers: they see the public forums and their posts are not held."""
    return [
        (pk, email)
        for pk, email in db.rows(
            "SELECT u.id, u.email FROM members_user u "
            "JOIN members_user_groups ug ON ug.user_id = u.id "
            "JOIN auth_group g ON g.id = ug.group_id "
            "WHERE g.name = 'Customer' AND u.email LIKE 'member%%@demo.example.com' "
            "AND u.is_active ORDER BY u.id LIMIT %s",
            [count],
        )
    ]


def sign_in_all(members: list[Member], password: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda member: member.sign_in(password), members))


# --- Report --------------------------------------------------------------------------------


def verdict(args, scenarios: list[Scenario], integrity: dict) -> list[str]:
    missed = []
    for scenario in scenarios:
        result = scenario.result
        name = scenario.name
        if result["read_5xx"] or result["read_timeouts"]:
            missed.append(
                f"{name}: {result['read_5xx']} reads answered 5xx, "
                f"{result['read_timeouts']} timed out"
            )
        if name == "burst" and (result["write_5xx"] or result["write_timeouts"]):
            missed.append(f"burst: {result['write_5xx']} replies answered 5xx")
        recovery = result["recovery_s"]
        if recovery is not None and recovery > args.recovery_target:
            missed.append(f"{name}: /healthz back to 200 after {recovery} s")
        ratio = result["push_ratio"]
        if result["layer_up"] and ratio is not None and ratio < PUSH_TARGET:
            missed.append(f"{name}: {ratio:.1%} of live pushes delivered")
        if name == "steady" and any(result["healthz_non_200"].values()):
            missed.append(f"steady: /healthz answered other than 200 {result['healthz_non_200']}")
        if name == "worker-kill" and result.get("tasks_stale_after_s") is None:
            missed.append("worker-kill: /healthz never reported the stalled queue")
    if integrity["acknowledged_lost"]:
        missed.append(f"{integrity['acknowledged_lost']} acknowledged replies lost")
    if integrity["counters_off_touched"]:
        missed.append(f"{integrity['counters_off_touched']} touched topics' reply_count off")
    return missed


def print_table(scenarios: list[Scenario], integrity: dict) -> None:
    columns = [
        ("scenario", 12, lambda s, r: s.name),
        ("requests", 8, lambda s, r: r["requests"]),
        ("read 5xx", 8, lambda s, r: r["read_5xx"]),
        ("write 5xx", 9, lambda s, r: r["write_5xx"]),
        ("timeouts", 8, lambda s, r: r["read_timeouts"] + r["write_timeouts"]),
        ("429", 5, lambda s, r: r["429"]),
        ("4xx", 5, lambda s, r: r["other_4xx"]),
        ("healthz!=200", 12, lambda s, r: "/".join(str(v) for v in r["healthz_non_200"].values())),
        ("recovery", 8, lambda s, r: "-" if r["recovery_s"] is None else f"{r['recovery_s']} s"),
        (
            "pushes",
            13,
            lambda s, r: (
                f"{r['pushes_received']}/{r['pushes_expected']}" + ("" if r["layer_up"] else "*")
            ),
        ),
        ("ratio", 7, lambda s, r: "-" if r["push_ratio"] is None else f"{r['push_ratio']:.1%}"),
        (
            "backlog",
            7,
            lambda s, r: "-" if r["channel_backlog_max"] is None else r["channel_backlog_max"],
        ),
    ]
    print()
    print("  ".join(f"{title:>{width}}" for title, width, _f in columns))
    for scenario in scenarios:
        cells = [str(get(scenario, scenario.result)) for _t, _w, get in columns]
        print(
            "  ".join(
                f"{cell:>{width}}" for cell, (_t, width, _g) in zip(cells, columns, strict=True)
            )
        )
    print("(* the channel layer was down for part of it: pushes then are not a target)")
    for scenario in scenarios:
        for note in scenario.result["notes"]:
            print(f"{scenario.name}: {note}")
        for failure, count in scenario.result["failures"].items():
            print(f"{scenario.name}: {count}x {failure}")
    print(
        f"acknowledged replies {integrity['acknowledged_replies']}, "
        f"lost {integrity['acknowledged_lost']}; topics touched {integrity['topics_touched']}, "
        f"reply_count off on {integrity['counters_off_touched']} of them "
        f"({integrity['counters_off']} in all)"
    )


DROPS = {
    "over capacity": "channels over capacity",  # channels_redis refused a message: queue full
    "sender queue full": "Live update queue full",
    "sender paused": "pausing live updates",
    "sender failed": "Could not send",
}


def push_drops(processes: Processes, names: list[str]) -> dict[str, dict[str, int]]:
    """How often each server logged that it dropped live pushes, by reason."""
    counted: dict[str, dict[str, int]] = {}
    for name in names:
        text = processes.logged(name)
        if text is not None:
            counted[name] = {reason: text.count(marker) for reason, marker in DROPS.items()}
    return counted


def server_errors(processes: Processes, names: list[str]) -> dict[str, dict[str, int]]:
    """The outermost line of each traceback each process logged, counted."""
    errors: dict[str, dict[str, int]] = {}
    for name in names:
        counted: dict[str, int] = defaultdict(int)
        inside = False
        for line in (processes.logged(name) or "").splitlines():
            if line.startswith("Traceback ("):
                inside = True
            elif inside and line and not line[0].isspace():
                counted[line[:200]] += 1
                inside = False
        if counted:
            errors[name] = dict(counted)
    return errors


# --- Main ----------------------------------------------------------------------------------


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    args = parse_args()
    for port in [args.redis_port, args.pg_port, *args.ports]:
        ensure_port_free(port)
    workdir = Path(tempfile.mkdtemp(prefix="fault-drill-"))
    processes = Processes(workdir)
    stop = threading.Event()
    db = Database(args.pg_port)

    def clean_up() -> None:
        stop.set()
        db.close()
        processes.stop_all()
        if args.keep_logs:
            print(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    atexit.register(clean_up)
    signal.signal(signal.SIGTERM, _interrupt)
    began = time.monotonic()
    drill = Drill()
    threads: list[threading.Thread] = []
    try:
        start_redis(processes, args.redis_port)
        start_postgres(processes, args.pg_port)
        log(f"Redis on {args.redis_port}, PostgreSQL on {args.pg_port} in {workdir}")
        env = site_environment(args, workdir)
        manage(env, "migrate", "--noinput")
        manage(env, "setup_site")
        manage(env, "seed_demo", "--members", str(args.members), "--topics", str(args.topics))
        manage(env, "collectstatic", "--noinput")
        for port in args.ports:
            start_daphne(processes, env, port)
        start_worker(processes, env)
        for port in args.ports:
            wait_for_port(port, 90, processes.running[f"daphne-{port}"])
        log(f"daphne on {args.ports[0]} and {args.ports[1]}, task worker running")

        balancer = Balancer(args.ports)
        chosen = choose_members(db, args.sockets)
        if len(chosen) < args.sockets:
            sys.exit(f"only {len(chosen)} demo customers; raise --members")
        members = [
            Member(pk, email, f"10.9.{index // 250}.{index % 250 + 1}", balancer)
            for index, (pk, email) in enumerate(chosen)
        ]
        started = time.monotonic()
        sign_in_all(members, DEMO_PASSWORD)
        log(f"{len(members)} members signed in in {time.monotonic() - started:.0f} s")

        runner = Runner(args, processes, env, drill, db)
        runner.members = members
        runner.site = pick_site(db, members[0], [member.pk for member in members])
        log(
            f"{len(runner.site['categories'])} categories, {len(runner.site['topics'])} topics "
            f"in the mix; burst topic {runner.site['burst_topic']}"
        )
        threads = [
            threading.Thread(target=run_sockets, args=(drill, members, args.ports, stop)),
            threading.Thread(
                target=sample_backlog,
                args=(drill, args.redis_port, env["CHANNEL_PREFIX"], stop),
            ),
            *(
                threading.Thread(target=poll_health, args=(drill, port, stop))
                for port in args.ports
            ),
        ]
        for thread in threads:
            thread.daemon = True
            thread.start()
        deadline = time.monotonic() + 60
        opened = 0
        while time.monotonic() < deadline and opened < len(members):
            time.sleep(0.5)
            with drill.lock:
                opened = sum(1 for spans in drill.open_spans.values() if spans)
        load = [
            threading.Thread(target=browse, args=(drill, member, runner.site, stop), daemon=True)
            for member in members[: args.load]
        ]
        for thread in load:
            thread.start()
        threads += load
        time.sleep(3)  # the load runs before the first scenario
        log(f"{opened} of {len(members)} sockets open; load of {args.load} members running")

        scenarios = [runner.play(name) for name in args.scenarios]
        stop.set()
        for thread in threads:
            thread.join(timeout=40)
        integrity = runner.integrity()
        errors = server_errors(processes, [*(f"daphne-{port}" for port in args.ports), "worker"])
        drops = push_drops(processes, [f"daphne-{port}" for port in args.ports])
        missed = verdict(args, scenarios, integrity)
        print_table(scenarios, integrity)
        for name, counted in errors.items():
            for line, count in sorted(counted.items(), key=lambda item: -item[1])[:8]:
                print(f"{name} logged {count}x: {line}")
        for name, counted in drops.items():
            print(f"{name} logged push drops: {counted}")
        if drill.socket_failures:
            print(f"socket (re)connect failures: {dict(drill.socket_failures)}")
        total = time.monotonic() - began
        results = {
            "settings": {key: value for key, value in vars(args).items() if key not in {"json"}},
            "scenarios": {
                scenario.name: {
                    **scenario.result,
                    "seconds": round(scenario.ended - scenario.started, 1),
                }
                for scenario in scenarios
            },
            "integrity": integrity,
            "duplicates_received": drill.duplicates,
            "socket_failures": dict(drill.socket_failures),
            "server_errors": errors,
            "push_drops_logged": drops,
            "missed": missed,
            "total_seconds": round(total, 1),
        }
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))
        print(f"results written to {args.json}; {total:.0f} s in all")
        if missed:
            print("TARGETS MISSED:")
            for line in missed:
                print(f"  - {line}")
            return 1
        print("every target met")
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception:
        for name in list(processes.running):
            tail = processes.tail(name, 8)
            if tail:
                print(f"--- {name} log ---\n{tail}", file=sys.stderr)
        raise
    finally:
        stop.set()
        clean_up()
        atexit.unregister(clean_up)


if __name__ == "__main__":
    sys.exit(main())
