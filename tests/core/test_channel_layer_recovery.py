"""/healthz and live pushes come back by themselves within seconds of Redis returning.

Each test runs a redis-server of its own on a spare port, kills it or hangs it (SIGSTOP), and
brings it back on the same port, while a member has a socket open on this process.
"""

import asyncio
import contextlib
import queue
import threading
import time
import uuid
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from community.core import health
from community.notifications import live
from tests.redis_server import needs_redis_server, redis_server

pytestmark = needs_redis_server

# Done when: /healthz back to 200 within 10 s of a fault ending.
RECOVERY = 10.0
GROUP = live.member_group(4242)
T = TypeVar("T")


def hint(number: int) -> list[tuple[str, dict]]:
    return [(GROUP, {"type": "notification.count", "unread_count": number})]


@pytest.fixture
def redis():
    with redis_server() as server:
        yield server


LAYERS = {
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    "lists": "channels_redis.core.RedisChannelLayer",
}


@pytest.fixture(params=sorted(LAYERS))
def layer_on_redis(request, redis, settings):
    """Each Redis channel layer the settings offer, pointed at the test's own redis-server;
    the name of its class is what /healthz reports."""
    host = {"address": redis.url, "socket_connect_timeout": 1.0, "socket_timeout": 15}
    backend = LAYERS[request.param]
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": backend,
            "CONFIG": {"hosts": [host], "prefix": f"test-{uuid.uuid4().hex[:12]}"},
        }
    }
    # Short enough that a hung layer is found out quickly in the test.
    settings.LIVE_PUSH_TIMEOUT = 1.0
    live.resume()
    yield backend.rsplit(".", 1)[1]
    live.wait_until_sent(timeout=5)
    live.resume()


class Server:
    """A daphne process with a member's socket open: on the server's event loop, the socket
    joins the member's group and waits for messages as a consumer does (when the layer fails it
    connects again, as the page's script does), and views run in a thread the loop hands them
    to, as Django runs sync views under ASGI."""

    def __init__(self, group: str) -> None:
        self.group = group
        self.received: queue.Queue = queue.Queue()
        self.listening = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._task: asyncio.Task | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "Server":
        self._thread.start()
        assert self.listening.wait(5), "the socket never joined its group"
        return self

    def __exit__(self, *exc_info) -> None:
        self._loop.call_soon_threadsafe(self._task.cancel)
        self._thread.join(10)

    def view(self, function: Callable[[], T]) -> T:
        """Run function as a sync view of this server would."""
        return asyncio.run_coroutine_threadsafe(sync_to_async(function)(), self._loop).result()

    def next(self, timeout: float) -> dict | None:
        try:
            return self.received.get(timeout=timeout)
        except queue.Empty:
            return None

    def _run(self) -> None:
        self._task = self._loop.create_task(self._listen())
        with contextlib.suppress(asyncio.CancelledError):
            self._loop.run_until_complete(self._task)
        self._loop.close()

    async def _listen(self) -> None:
        layer = get_channel_layer()
        while True:
            try:
                channel = await layer.new_channel()
                await layer.group_add(self.group, channel)
                self.listening.set()
                while True:
                    self.received.put(await layer.receive(channel))
            except Exception:  # noqa: BLE001 - a dropped socket reconnects
                await asyncio.sleep(0.2)


def wait_for_health(server: Server, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            server.view(health.check_channel_layer)
            return True
        except Exception:  # noqa: BLE001 - not yet
            time.sleep(0.2)
    return False


def push_until_heard(server: Server, deadline: float) -> dict | None:
    number = 100
    while time.monotonic() < deadline:
        number += 1
        server.view(partial(live.send_now, hint(number)))
        heard = server.next(timeout=0.5)
        if heard is not None:
            return heard
    return None


def test_health_check_passes_while_members_have_sockets_open(layer_on_redis):
    with Server(GROUP) as server:
        started = time.monotonic()

        assert server.view(health.check_channel_layer) == layer_on_redis
        assert time.monotonic() - started < 1


def test_a_push_reaches_an_open_socket(layer_on_redis):
    with Server(GROUP) as server:
        assert server.view(partial(live.send_now, hint(1))) is True

        assert server.next(timeout=5) == {"type": "notification.count", "unread_count": 1}


@pytest.mark.parametrize("fault", ["killed", "hung"])
def test_health_check_and_live_pushes_recover_within_seconds_of_redis_returning(
    fault, redis, layer_on_redis
):
    with Server(GROUP) as server:
        assert server.view(health.check_channel_layer) == layer_on_redis

        redis.kill() if fault == "killed" else redis.hang()

        started = time.monotonic()
        with pytest.raises(Exception):  # noqa: B017 - any failure makes /healthz answer 503
            server.view(health.check_channel_layer)
        assert time.monotonic() - started < health.CHANNEL_LAYER_TIMEOUT + 0.5
        # A member's action hands its push over and goes on, whatever the layer does.
        started = time.monotonic()
        server.view(partial(live.send_now, hint(2)))
        assert time.monotonic() - started < 0.2

        redis.start() if fault == "killed" else redis.resume()
        returned = time.monotonic()

        assert wait_for_health(server, returned + RECOVERY), (
            f"/healthz still failing {RECOVERY}s on"
        )
        heard = push_until_heard(server, returned + RECOVERY)
        assert heard is not None, f"no live push reached the socket {RECOVERY}s on"
        assert heard["type"] == "notification.count"
