"""Time live notifications from `notify()` to N members' open WebSockets, across real servers.

    .venv/bin/pip install -e '.[bench]'      # websockets, for the clients
    .venv/bin/python bench/live_notifications.py --clients 1000 --workers 2 --rounds 5

Needs PostgreSQL and Redis running. The database (DATABASE_URL or --database-url, default
postgres://postgres@127.0.0.1:5432/community_bench_live) is created if missing and migrated;
the channel layer uses REDIS_URL or --redis-url (default redis://127.0.0.1:6379/1) under a
prefix of its own for each run.

The script creates the members (bulk, with their profiles) and one signed-in session each,
starts --workers daphne processes serving community.asgi:application on consecutive ports
from --port, and opens one WebSocket to /ws/notifications/ per member, spread over the
servers, so messages cross the Redis channel layer. Then it calls notify() to every member
--rounds times in a row, from a process of its own (as a web or task process would), and
waits until every client has received every notification, or --timeout seconds after the last
round.

Prints the messages expected and received, the delivery latency (receipt minus the start of
that round's notify() call) at p50/p95/p99/max and the p99 of each round, the messages per
second (received, over the time from the first notify() to the last receipt), how long all
clients took to connect, and the machine's load average at the end.
With --http-load, --load-threads threads in a process of their own keep requesting pages
(--load-paths, signed in) from every server during the rounds, and the page requests answered
and their latency are printed too; notify() is still called as without it, so the two runs
compare.

    .venv/bin/python bench/live_notifications.py --http-load --load-threads 8

With --load, the servers are busy as on a real day while they notify: pages are requested as
with --http-load, and each notification is made by a view running inside a server (POST /bench/notify, served only by the benchmark's
wrapper around the site), so its push leaves a busy process after commit, as a reply's does.
It then also prints delivered/sent, the page requests answered (per status) with their
latency, and what each server's live sender queued, sent, failed and dropped.

    .venv/bin/python bench/live_notifications.py --clients 100 --rounds 3 --load

When messages go missing it says where: pushes that failed or were skipped while live updates
paused, messages the channel layer dropped over capacity, sockets the servers closed, and the
errors the servers logged. At the end it closes the clients, stops the servers and deletes
the members and sessions it made (--keep keeps them; the database itself stays). Not a test: numbers depend on the machine,
and the clients share it with the servers, Redis and PostgreSQL.
"""

import argparse
import asyncio
import contextlib
import json
import logging
import math
import multiprocessing
import os
import queue
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bench_database import ensure_database  # the bench folder is on sys.path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/community_bench_live"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
EMAIL_DOMAIN = "live-bench.example.invalid"
SESSION_PREFIX = "livebench"  # the bench's session keys start with it, so all can be deleted
HOST = "127.0.0.1"
BATCH = 1000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=1000, help="Members, one socket each.")
    parser.add_argument("--workers", type=int, default=2, help="daphne server processes.")
    parser.add_argument("--rounds", type=int, default=5, help="notify() calls to every member.")
    parser.add_argument(
        "--interval", type=float, default=0.0, help="Seconds between rounds (0: back to back)."
    )
    parser.add_argument(
        "--kind",
        default="moderation",
        help="Notification kind. The default is on the site only and can't be turned off; "
        "announcement also queues an e-mail task per round.",
    )
    parser.add_argument("--port", type=int, default=8750, help="First server port.")
    parser.add_argument(
        "--ports", default="", help="Server ports, comma-separated (instead of --port onwards)."
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument(
        "--connect-concurrency", type=int, default=100, help="WebSocket handshakes at once."
    )
    parser.add_argument(
        "--live-timeout", type=float, default=30.0, help="notify(live_timeout=...) per round."
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="Seconds to wait after the last round."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the members and sessions.")
    parser.add_argument(
        "--load",
        action="store_true",
        help="Notify from views inside the servers while page requests keep them busy.",
    )
    parser.add_argument(
        "--http-load",
        action="store_true",
        help="Keep the servers busy with page requests during the rounds; notify() is still "
        "called from here, so the figures compare with a run without it.",
    )
    parser.add_argument(
        "--load-threads",
        type=int,
        default=24,
        help="Threads requesting pages (with --load or --http-load).",
    )
    parser.add_argument(
        "--load-paths",
        default="/,/forums/,/notifications/,/search/?q=webinar",
        help="Pages the load threads request, comma-separated (with --load or --http-load).",
    )
    parser.add_argument(
        "--notify-concurrency",
        type=int,
        default=8,
        help="Notifying requests in flight at once (with --load).",
    )
    args = parser.parse_args()
    if args.clients < 1 or args.workers < 1 or args.rounds < 1:
        parser.error("--clients, --workers and --rounds must be at least 1")
    if args.load and args.http_load:
        parser.error("--load already requests pages; pick --load or --http-load")
    args.pages = args.load or args.http_load
    return args


# --- Environment, database and data ------------------------------------------------------


def configure_environment(args: argparse.Namespace) -> dict[str, str]:
    """Settings for this process and the servers: production mode on PostgreSQL and Redis."""
    os.environ.update(
        {
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            # Pages (--load, --http-load) in production mode would need collectstatic.
            "DEBUG": "true" if args.pages else "false",
            # Sessions are signed here and read by the servers: one key for all.
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", f"{HOST},localhost"),
            "CHANNEL_PREFIX": f"bench-live-{secrets.token_hex(4)}",
        }
    )
    return dict(os.environ)


def raise_open_files_limit(clients: int) -> None:
    """Each client holds a socket here and one in a server (the servers inherit the limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = clients + 1024
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return
    new = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
    if new < wanted:
        print(f"warning: open files limited to {new}; {clients:,} clients may not all connect")


def member_email(index: int) -> str:
    return f"member{index:06d}@{EMAIL_DOMAIN}"


def ensure_members(count: int) -> tuple[list, int]:
    """Bench members 0..count-1 with their profiles; returns them and how many were created."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from community.members.models import Profile, User

    emails = [member_email(index) for index in range(count)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    missing = [index for index, email in enumerate(emails) if email not in existing]
    password = make_password(None)  # nobody signs in with a password
    with transaction.atomic():
        for start in range(0, len(missing), BATCH):
            users = User.objects.bulk_create(
                User(
                    username=f"live-bench-{index:06d}",
                    email=emails[index],
                    display_name=f"Bench member {index + 1}",
                    password=password,
                )
                for index in missing[start : start + BATCH]
            )
            Profile.objects.bulk_create(Profile(user=user) for user in users)
        Profile.objects.bulk_create(
            Profile(user_id=pk)
            for pk in User.objects.filter(email__in=emails, profile__isnull=True).values_list(
                "pk", flat=True
            )
        )
    members = list(
        User.objects.filter(email__in=emails).only("pk", "password", "session_epoch").order_by("pk")
    )
    return members, len(missing)


def create_sessions(members: list) -> list[str]:
    """One signed-in session per member, as after a login; returns the session keys in order."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]

    def data(member) -> dict:
        return {
            "_auth_user_id": str(member.pk),
            "_auth_user_backend": backend,
            "_auth_user_hash": member.get_session_auth_hash(),
        }

    if not hasattr(store_class, "get_model_class"):  # cache or signed-cookie sessions
        keys = []
        for member in members:
            store = store_class()
            store.update(data(member))
            store.create()
            keys.append(store.session_key)
        return keys
    model, store = store_class.get_model_class(), store_class()
    expire = timezone.now() + timedelta(days=1)
    rows = [
        model(
            session_key=SESSION_PREFIX
            + get_random_string(32 - len(SESSION_PREFIX), VALID_KEY_CHARS),
            session_data=store.encode(data(member)),
            expire_date=expire,
        )
        for member in members
    ]
    model.objects.bulk_create(rows, batch_size=BATCH)
    return [row.session_key for row in rows]


def delete_bench_data(session_keys: list[str]) -> None:
    from importlib import import_module

    from django.conf import settings

    from community.members.models import User

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(store_class, "get_model_class"):
        store_class.get_model_class().objects.filter(
            session_key__startswith=SESSION_PREFIX
        ).delete()
    else:
        for key in session_keys:
            store_class(key).delete()
    User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()


# --- Servers -----------------------------------------------------------------------------


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    def text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.text().splitlines()[-lines:])

    def errors(self) -> dict[str, int]:
        """The errors the server logged with a traceback (the outermost of a chain), counted."""
        errors: dict[str, int] = {}
        pending, inside = None, False
        for line in [*self.text().splitlines(), "Traceback (end)"]:
            if line.startswith("Traceback ("):
                inside = True
            elif line.startswith(("During handling of the above", "The above exception")):
                pending = None  # the cause of the error that follows
            elif inside and line and not line[0].isspace():
                if pending:
                    errors[pending] = errors.get(pending, 0) + 1
                pending, inside = line, False
        if pending:
            errors[pending] = errors.get(pending, 0) + 1
        return errors


def start_servers(
    count: int,
    first_port: int,
    env: dict[str, str],
    log_dir: Path,
    *,
    load: bool = False,
    ports_wanted: str = "",
) -> list:
    servers = []
    ports = [int(port) for port in ports_wanted.split(",")] if ports_wanted else []
    ports = ports or list(range(first_port, first_port + count))
    app = "community.asgi:application"
    if load:
        app = "live_notifications:load_application"
        env = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "bench"), str(ROOT)]))}
    for port in ports:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as daphne does
            try:
                probe.bind((HOST, port))
            except OSError:
                stop_servers(servers)
                sys.exit(f"Port {port} is in use; pick others with --port.")
        log = log_dir / f"daphne-{port}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(port), "-v", "0"] + [app],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl+C reaches only this script, which stops them
            )
        servers.append(Server(port, process, log))
    return servers


def wait_for_servers(servers: list, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    waiting = list(servers)
    while waiting:
        server = waiting[0]
        if server.process.poll() is not None:
            raise RuntimeError(f"daphne on port {server.port} exited:\n{server.tail()}")
        try:
            with socket.create_connection((HOST, server.port), timeout=1):
                waiting.pop(0)
                continue
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"daphne on port {server.port} did not answer:\n{server.tail()}")
        time.sleep(0.2)


def stop_servers(servers: list) -> None:
    for server in servers:
        if server.process.poll() is None:
            server.process.terminate()
    for server in servers:
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


# --- Load: notifying views inside busy servers -------------------------------------------


class LoadApplication:
    """The site, plus two routes for the benchmark only (daphne serves this with --load).

    POST /bench/notify?member=<id> runs a sync view that calls notify() for that member, as
    Django runs a view that posts a reply: in a thread, its push sent after commit from this
    busy process. GET /bench/live-stats answers this process's live sender counters.
    """

    def __init__(self) -> None:
        self.site = None

    async def __call__(self, scope, receive, send) -> None:
        if self.site is None:
            from community.asgi import application

            self.site = application
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/bench/"):
            await self.site(scope, receive, send)
            return
        from asgiref.sync import sync_to_async

        if path == "/bench/notify":
            query = dict(
                part.split("=", 1)
                for part in scope["query_string"].decode().split("&")
                if "=" in part
            )
            body = await sync_to_async(notify_view, thread_sensitive=True)(int(query["member"]))
        else:
            from community.notifications import live

            body = live.stats()
        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": payload})


def notify_view(member_id: int) -> dict:
    from django.db import close_old_connections

    from community.notifications.services import notify

    close_old_connections()
    try:
        (notification,) = notify(
            kind="moderation",
            recipients=[member_id],
            text="Live notification benchmark under load.",
            url="/notifications/",
        )
        return {"id": notification.pk}
    finally:
        close_old_connections()


load_application = LoadApplication()


@dataclass
class Load:
    """Page requests made while notifying: statuses and latencies."""

    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    started: float = 0.0
    ended: float = 0.0

    def record(self, status: int, seconds: float) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.latencies.append(seconds * 1000)

    def error(self, reason: str) -> None:
        self.errors[reason] = self.errors.get(reason, 0) + 1


def http(port: int, method: str, path: str, cookie: str = "", timeout: float = 60.0):
    """One request to a server; returns (status, body)."""
    import http.client

    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def keep_busy(load: Load, ports: list[int], paths: list[str], cookies: list[str], stop) -> None:
    number = 0
    while not stop.is_set():
        number += 1
        port, path = ports[number % len(ports)], paths[number % len(paths)]
        started = time.perf_counter()
        try:
            status, _ = http(port, "GET", path, cookies[number % len(cookies)])
        except Exception as exc:  # noqa: BLE001 - counted and reported
            load.error(f"{type(exc).__name__}: {exc}")
            continue
        load.record(status, time.perf_counter() - started)


def request_pages(
    ports: list[int], paths: list[str], cookies: list[str], threads: int, stop, results
) -> None:
    """A process of its own: page requests from threads here would hold up the clients' loop."""
    load = Load(started=time.perf_counter())
    done = threading.Event()
    workers = [
        threading.Thread(target=keep_busy, args=(load, ports, paths, cookies, done), daemon=True)
        for _ in range(threads)
    ]
    for worker in workers:
        worker.start()
    stop.wait()
    done.set()
    for worker in workers:
        worker.join(timeout=70)
    load.ended = time.perf_counter()
    results.put(
        {
            "statuses": load.statuses,
            "latencies": load.latencies,
            "errors": load.errors,
            "seconds": load.ended - load.started,
        }
    )


def server_sender_stats(port: int) -> dict:
    try:
        status, body = http(port, "GET", "/bench/live-stats")
        return json.loads(body) if status == 200 else {"unknown": status}
    except (OSError, ValueError) as exc:
        return {"unknown": f"{type(exc).__name__}"}


def notify_through_servers(ports: list[int], member_ids: list[int], concurrency: int) -> list:
    """One notifying request per member, spread over the servers; returns the ids written."""

    def one(index_and_member: tuple[int, int]) -> int | None:
        index, member_id = index_and_member
        status, body = http(ports[index % len(ports)], "POST", f"/bench/notify?member={member_id}")
        return json.loads(body)["id"] if status == 200 else None

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return [pk for pk in pool.map(one, enumerate(member_ids)) if pk is not None]


# --- Clients and rounds ------------------------------------------------------------------


class LiveLog(logging.Handler):
    """Counts what the live push and the channel layer log here instead of printing each line."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.failed = 0  # notify() pushes that raised (the messages of that call are lost)
        self.skipped = 0  # pushes skipped while live updates pause after a failure
        self.errors: dict[str, int] = {}
        self.over_capacity = 0  # messages channels_redis dropped: the channel was full

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("channels_redis"):
            if "over capacity" in str(record.msg):
                self.over_capacity += int(record.args[0])
        elif record.levelno >= logging.WARNING:
            self.failed += 1
            if record.exc_info and record.exc_info[1] is not None:
                error = record.exc_info[1]
                reason = f"{type(error).__module__}.{type(error).__name__}: {error}"
                self.errors[reason] = self.errors.get(reason, 0) + 1
        elif "paused" in str(record.msg):
            self.skipped += 1

    def add(self, counts: dict) -> None:
        """Add what another process's LiveLog counted (`notifier_log()`)."""
        self.failed += counts["failed"]
        self.skipped += counts["skipped"]
        self.over_capacity += counts["over_capacity"]
        for reason, count in counts["errors"].items():
            self.errors[reason] = self.errors.get(reason, 0) + count

    def install(self) -> None:
        for name, level in (
            ("community.notifications.live", logging.DEBUG),
            ("channels_redis", logging.INFO),
        ):
            logger = logging.getLogger(name)
            logger.setLevel(level)
            logger.addHandler(self)
            logger.propagate = False


# The process that calls notify(): a web or task process of its own, as on the site. In this
# process its work would hold up the clients' event loop (one interpreter lock) and delay the
# receipts the benchmark measures.
_notifier_log: LiveLog | None = None


def start_notifier() -> None:
    global _notifier_log
    import django

    django.setup()
    _notifier_log = LiveLog()
    _notifier_log.install()


def notifier_log() -> dict:
    """What the notifying process's live sender logged; closes its database connections."""
    from django.db import connections

    connections.close_all()
    log = _notifier_log or LiveLog()
    return {
        "failed": log.failed,
        "skipped": log.skipped,
        "errors": log.errors,
        "over_capacity": log.over_capacity,
    }


@dataclass
class Run:
    clients: int
    connected: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    closed_by_server: dict[str, int] = field(default_factory=dict)
    closing: bool = False
    listening: int = 0
    connect_seconds: float = 0.0
    received: dict[int, float] = field(default_factory=dict)  # notification id -> receipt
    duplicates: int = 0
    expected: int | None = None
    round_starts: list[float] = field(default_factory=list)
    round_ends: list[float] = field(default_factory=list)
    round_of: dict[int, int] = field(default_factory=dict)  # notification id -> round
    load: Load = field(default_factory=Load)
    sender_stats: list[dict] = field(default_factory=list)  # per server, with --load
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def fail(self, reason: str) -> None:
        self.failures[reason] = self.failures.get(reason, 0) + 1

    def lost(self, reason: str) -> None:
        self.closed_by_server[reason] = self.closed_by_server.get(reason, 0) + 1

    def got(self, notification_id: int, at: float) -> None:
        if notification_id in self.received:
            self.duplicates += 1
            return
        self.received[notification_id] = at
        if self.expected is not None and len(self.received) >= self.expected:
            self.done.set()


async def open_client(run: Run, url: str, origin: str, cookie: str, slots, sockets: list):
    from websockets.asyncio.client import connect

    try:
        async with slots:
            ws = await connect(
                url,
                origin=origin,
                additional_headers={"Cookie": cookie},
                proxy=None,
                open_timeout=60,  # busy servers (--load) answer handshakes slowly
            )
            hello = json.loads(await asyncio.wait_for(ws.recv(), timeout=30))
        if hello.get("type") != "hello":
            raise RuntimeError(f"first message was {hello.get('type')!r}, not hello")
    except Exception as exc:  # noqa: BLE001 - counted and reported
        run.fail(f"{type(exc).__name__}: {exc}")
        return None
    sockets.append(ws)
    run.connected += 1
    return ws


async def listen(run: Run, ws) -> None:
    from websockets.exceptions import ConnectionClosed

    try:
        async for raw in ws:
            at = time.perf_counter()
            message = json.loads(raw)
            if message.get("type") == "notification":
                run.got(message["notification"]["id"], at)
    except ConnectionClosed as closed:
        if not run.closing:
            frame = closed.rcvd
            run.lost(f"code {frame.code} {frame.reason}".strip() if frame else "no close frame")
    finally:
        run.listening -= 1
        if not run.listening:
            run.done.set()  # nothing more can arrive


def send_round(number: int, member_ids: list[int], kind: str, live_timeout: float):
    from django.db import close_old_connections

    from community.notifications.services import notify

    close_old_connections()
    started = time.perf_counter()
    written = notify(
        kind=kind,
        recipients=member_ids,
        text=f"Live notification benchmark, round {number + 1}.",
        url="/notifications/",
        live_timeout=live_timeout,
    )
    return started, time.perf_counter(), [notification.pk for notification in written]


async def benchmark(args, servers: list, members: list, session_keys: list, db) -> Run:
    from django.conf import settings

    loop = asyncio.get_running_loop()
    run = Run(clients=len(members))
    slots = asyncio.Semaphore(args.connect_concurrency)
    sockets: list = []
    listeners: list[asyncio.Task] = []
    processes = multiprocessing.get_context("spawn")
    stop_load, load_results = processes.Event(), processes.Queue()
    load_process = None
    cookie_name = settings.SESSION_COOKIE_NAME
    cookies = [f"{cookie_name}={key}" for key in session_keys]
    ports = [server.port for server in servers]
    try:
        started = time.perf_counter()
        opened = await asyncio.gather(
            *(
                open_client(
                    run,
                    f"ws://{HOST}:{servers[index % len(servers)].port}/ws/notifications/",
                    f"http://{HOST}:{servers[index % len(servers)].port}",
                    f"{cookie_name}={key}",
                    slots,
                    sockets,
                )
                for index, key in enumerate(session_keys)
            )
        )
        run.connect_seconds = time.perf_counter() - started
        run.listening = run.connected
        listeners = [asyncio.create_task(listen(run, ws)) for ws in opened if ws is not None]
        connected_ids = [
            member.pk for member, ws in zip(members, opened, strict=True) if ws is not None
        ]
        if not connected_ids:
            return run

        expected = 0
        if args.pages:
            load_process = processes.Process(
                target=request_pages,
                args=(
                    ports,
                    args.load_paths.split(","),
                    cookies,
                    args.load_threads,
                    stop_load,
                    load_results,
                ),
                daemon=True,
            )
            load_process.start()
            await asyncio.sleep(3)  # the servers are busy before the first notification
        for number in range(args.rounds):
            if number and args.interval:
                await asyncio.sleep(args.interval)
            if args.load:
                begun = time.perf_counter()
                ids = await loop.run_in_executor(
                    None, notify_through_servers, ports, connected_ids, args.notify_concurrency
                )
                ended = time.perf_counter()
            else:
                begun, ended, ids = await loop.run_in_executor(
                    db, send_round, number, connected_ids, args.kind, args.live_timeout
                )
            run.round_starts.append(begun)
            run.round_ends.append(ended)
            run.round_of.update(dict.fromkeys(ids, number))
            expected += len(ids)
        run.expected = expected
        if len(run.received) >= expected:
            run.done.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(run.done.wait(), timeout=args.timeout)
        return run
    finally:
        stop_load.set()
        if load_process is not None:
            with contextlib.suppress(queue.Empty):
                pages = await loop.run_in_executor(None, load_results.get, True, 80)
                run.load = Load(
                    statuses=pages["statuses"],
                    latencies=pages["latencies"],
                    errors=pages["errors"],
                    ended=pages["seconds"],
                )
            load_process.join(timeout=10)
        if args.load:
            run.sender_stats = [server_sender_stats(port) for port in ports]
        run.closing = True
        await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)


# --- Report ------------------------------------------------------------------------------


def percentile(ordered: list[float], share: float) -> float:
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def report(args, run: Run, log: LiveLog, servers: list) -> None:
    latencies = sorted(
        (at - run.round_starts[run.round_of[pk]]) * 1000
        for pk, at in run.received.items()
        if pk in run.round_of
    )
    lines = [
        ("clients", f"{run.clients:,}"),
        ("connected", f"{run.connected:,}"),
        ("workers", f"{args.workers}"),
        ("rounds", f"{args.rounds}"),
        ("messages expected", f"{run.expected or 0:,}"),
        ("messages received", f"{len(latencies):,}"),
    ]
    if latencies:
        lines += [
            (f"latency {name}", f"{value:,.1f} ms")
            for name, value in (
                ("p50", percentile(latencies, 0.50)),
                ("p95", percentile(latencies, 0.95)),
                ("p99", percentile(latencies, 0.99)),
                ("max", latencies[-1]),
            )
        ]
        by_round: dict[int, list[float]] = {}
        for pk, at in run.received.items():
            if pk in run.round_of:
                number = run.round_of[pk]
                by_round.setdefault(number, []).append((at - run.round_starts[number]) * 1000)
        lines.append(
            (
                "p99 by round",
                " ".join(
                    f"{percentile(sorted(found), 0.99):,.0f}"
                    for _number, found in sorted(by_round.items())
                )
                + " ms",
            )
        )
        elapsed = max(run.received.values()) - run.round_starts[0]
        lines.append(("messages per second", f"{len(latencies) / elapsed:,.0f}"))
    if run.round_starts:
        calls = [end - start for start, end in zip(run.round_starts, run.round_ends, strict=True)]
        lines.append(("notify() per round", f"{statistics.median(calls) * 1000:,.0f} ms median"))
    lines.append(("connect time", f"{run.connect_seconds:.2f} s"))
    if run.expected:
        share = len(latencies) / run.expected
        lines.append(("delivered / sent", f"{len(latencies):,}/{run.expected:,} {share:.1%}"))
    if args.pages and run.load.latencies:
        load, seconds = run.load, run.load.ended - run.load.started
        ordered = sorted(load.latencies)
        lines += [
            ("page requests", f"{len(ordered):,} in {seconds:.0f} s"),
            ("page requests / s", f"{len(ordered) / seconds:,.1f}"),
            ("page latency p50", f"{percentile(ordered, 0.50):,.0f} ms"),
            ("page latency p95", f"{percentile(ordered, 0.95):,.0f} ms"),
            ("page latency p99", f"{percentile(ordered, 0.99):,.0f} ms"),
        ]
        lines += [
            (f"pages answered {status}", f"{count:,}")
            for status, count in sorted(load.statuses.items())
        ]
        lines += [
            (f"page error: {reason[:40]}", f"{count:,}") for reason, count in load.errors.items()
        ]
    for index, stats in enumerate(run.sender_stats):
        summary = " ".join(f"{name}={value}" for name, value in stats.items() if value)
        lines.append((f"server {index + 1} sender", summary or "idle"))
    problems = [
        ("pushes failed", log.failed),
        ("pushes skipped (paused)", log.skipped),
        ("dropped over capacity", log.over_capacity),
        ("duplicates", run.duplicates),
        ("closed by the server", sum(run.closed_by_server.values())),
        ("server errors", sum(sum(server.errors().values()) for server in servers)),
    ]
    lines += [(label, f"{count:,}") for label, count in problems if count]
    # The machine is shared: a busy one explains slow figures.
    lines.append(("load average", " ".join(f"{value:.1f}" for value in os.getloadavg())))
    for label, value in lines:
        print(f"{label:<24}{value:>14}")
    details = [
        *(("push error", reason, count) for reason, count in log.errors.items()),
        *(("failed to connect", reason, count) for reason, count in run.failures.items()),
        *(
            ("closed by the server", reason, count)
            for reason, count in run.closed_by_server.items()
        ),
        *(
            (f"daphne :{server.port}", reason, count)
            for server in servers
            for reason, count in server.errors().items()
        ),
    ]
    for label, reason, count in details:
        print(f"{label} ({count:,}x): {reason}")


# --- Main --------------------------------------------------------------------------------


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> None:
    args = parse_args()
    env = configure_environment(args)
    created = ensure_database(args.database_url)
    signal.signal(signal.SIGTERM, _interrupt)

    import django

    django.setup()

    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer
    from django.core.management import call_command
    from django.db import connection, connections

    from community.notifications.kinds import kind_info

    try:
        kind_info(args.kind)
    except LookupError as error:
        sys.exit(str(error))
    live_log = LiveLog()
    live_log.install()

    raise_open_files_limit(args.clients)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    name = connection.settings_dict["NAME"]
    print(f"database {name} {'created and ' if created else ''}migrated", end=" ")
    print(f"in {time.perf_counter() - started:.1f} s")

    servers: list = []
    session_keys: list[str] = []
    db = ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=start_notifier
    )
    with tempfile.TemporaryDirectory(prefix="live-bench-") as log_dir:
        try:
            started = time.perf_counter()
            members, new = ensure_members(args.clients)
            session_keys = create_sessions(members)
            print(
                f"{len(members):,} members ({new:,} new) and sessions ready "
                f"in {time.perf_counter() - started:.1f} s"
            )
            if args.pages:
                call_command("setup_site", verbosity=0)  # the pages the load requests
            servers = start_servers(
                args.workers, args.port, env, Path(log_dir), load=args.load, ports_wanted=args.ports
            )
            wait_for_servers(servers)
            db.submit(os.getpid).result()  # the notifying process is ready before round 1
            print(f"{len(servers)} daphne workers on {HOST}:{servers[0].port}-{servers[-1].port}")
            run = asyncio.run(benchmark(args, servers, members, session_keys, db))
            live_log.add(db.submit(notifier_log).result(timeout=30))
            report(args, run, live_log, servers)
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise SystemExit(130) from None
        finally:
            stop_servers(servers)
            db.shutdown()
            layer = get_channel_layer()
            if layer is not None and hasattr(layer, "flush"):
                async_to_sync(layer.flush)()
            if not args.keep:
                delete_bench_data(session_keys)
            connections.close_all()


if __name__ == "__main__":
    main()
