"""Live hints over the channel layer, sent after the database has the truth.

A request never waits for the channel layer. `send_after_commit()` hands its messages to this
process's sender: a bounded queue drained by one background thread with an event loop of its
own, so a busy request loop (daphne's) can't make pushes time out, and the sender's Redis
connections live as long as the process instead of one `async_to_sync` call.

What can't be sent is dropped and logged: the notification row is the truth, the push only a
hint. When the queue is full the oldest waiting push goes first. Pushes pause for
LIVE_PUSH_BACKOFF seconds only when the layer is really down (it refuses connections, or a
batch timed out and the layer then failed a ping), not because one send was slow. After any
failure the sender drops its connections, so it reconnects as soon as Redis answers again.

The in-memory layer (no REDIS_URL: development and the tests' default) is sent to inline, as
before: its queues belong to the event loop of the consumers in this same process, which a
thread of its own could not wake safely, and there is no network to wait for. So is every push
when LIVE_PUSH_QUEUE is 0: tests that read the layer right after an action use that, so the
push is there when the action returns.
"""

import asyncio
import atexit
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from functools import partial

from asgiref.sync import async_to_sync
from channels import DEFAULT_CHANNEL_LAYER
from channels.layers import InMemoryChannelLayer, channel_layers, get_channel_layer
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from redis import asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError

from community.core.channel_layer import close_connections, layer_answered

from .publishing import can_pipeline, publish_pipelined

logger = logging.getLogger(__name__)

GroupMessage = tuple[str, dict]

# Sends in flight at once: each holds a Redis connection, and the pool is bounded.
MAX_CONCURRENT_SENDS = 50
# Messages the sender takes from its queue per round trip to the layer.
BATCH_SIZE = 500
# A layer that doesn't answer a ping this fast after a timed-out batch counts as down.
PING_TIMEOUT = 1.0
# How long a process about to exit gives its queued pushes to go out.
EXIT_GRACE = 2.0


def member_group(member_id: int) -> str:
    """A member's notification connections join this group."""
    return f"member.{member_id}"


def connections_group(member_id: int) -> str:
    """Every live connection of a member (notifications, topic pages) joins this group."""
    return f"member-connections.{member_id}"


def send_after_commit(messages: Iterable[GroupMessage]) -> None:
    """Send once the surrounding transaction commits (at once outside a transaction)."""
    batch = list(messages)
    if batch:
        transaction.on_commit(partial(send_now, batch), robust=True)


def send_now(messages: list[GroupMessage], *, timeout: float | None = None) -> bool:
    """Hand group messages to the sender; failures are logged, never raised.

    Without `timeout` this returns at once (a request): True when the messages were queued.
    With `timeout` it waits up to that long for the outcome (a task or a command that exits
    right after): True when they all went out.
    """
    if not messages:
        return True
    if _sender.paused():
        logger.debug("Live updates paused after a channel layer failure; %d skipped", len(messages))
        return False
    layer = get_channel_layer()
    if layer is None:
        return False
    if isinstance(layer, InMemoryChannelLayer) or not settings.LIVE_PUSH_QUEUE:
        return _send_inline(layer, messages, timeout or settings.LIVE_PUSH_TIMEOUT)
    return _sender.submit(
        messages, config=channel_layers.configs[DEFAULT_CHANNEL_LAYER], wait=timeout
    )


def wait_until_sent(timeout: float = 10.0) -> bool:
    """Block until every queued push was sent or dropped (tests, benchmarks, shutdown)."""
    return _sender.wait_until_idle(timeout)


def resume(**_signal_arguments) -> None:
    """Forget an earlier failure (tests, and the health check once the layer answers again)."""
    _sender.resume()


# A passing /healthz probe proves the layer answers: paused pushes needn't wait out the pause.
layer_answered.connect(resume)


def stats() -> dict[str, int]:
    """Counters of this process's sender since it started (benchmarks, diagnostics)."""
    return _sender.stats()


def disconnect_member(member_id: int) -> None:
    """Close every open live connection of a member (after a ban or suspension)."""
    send_after_commit([(connections_group(member_id), {"type": "member.disconnect"})])


BUNDLE_TYPE = "live.bundle"


def bundled_by_group(messages: list[GroupMessage]) -> list[GroupMessage]:
    """One channel-layer message per group: several for the same group travel as one bundle.

    A burst (hundreds of replies to a topic many members follow) gives each member several
    pushes per batch; every channel-layer message costs the member's process a Redis round trip,
    and those round trips, not the sender, are what fall behind. Order within a group is kept.
    """
    by_group: dict[str, list[dict]] = {}
    for group, message in messages:
        by_group.setdefault(group, []).append(message)
    return [
        (group, found[0] if len(found) == 1 else {"type": BUNDLE_TYPE, "messages": found})
        for group, found in by_group.items()
    ]


class BundledMessages:
    """Consumer mixin: a bundle is handled as the messages it carries, one after the other."""

    async def live_bundle(self, event: dict) -> None:
        for message in event.get("messages", ()):
            await self.dispatch(message)


async def send_all(layer, messages: list[GroupMessage], timeout: float) -> None:
    """Send every message to its group within timeout.

    Through Redis pub/sub they go out as one pipeline; through any other layer one
    `group_send` each, at most MAX_CONCURRENT_SENDS at once.
    """
    if can_pipeline(layer):
        async with asyncio.timeout(timeout):
            await publish_pipelined(layer, messages)
        return
    slots = asyncio.Semaphore(MAX_CONCURRENT_SENDS)

    async def send(group: str, message: dict) -> None:
        async with slots:
            await layer.group_send(group, message)

    async with asyncio.timeout(timeout):
        await asyncio.gather(*(send(group, message) for group, message in messages))


def _send_inline(layer, messages: list[GroupMessage], timeout: float) -> bool:
    try:
        async_to_sync(send_all)(layer, messages, timeout)
    except Exception:  # noqa: BLE001 - the database has the truth; the push is only a hint
        _sender.pause()
        logger.warning("Could not send %d live update(s)", len(messages), exc_info=True)
        return False
    return True


# --- The per-process sender --------------------------------------------------------------------


@dataclass
class _Job:
    messages: list[GroupMessage]
    # The layer settings when it was queued: it is sent through that layer, even if the
    # settings change before the sender gets to it (tests do).
    config: dict
    outcome: Future | None = None  # set when someone waits for it


class _LayerDown(Exception):
    """The layer refused a connection, or timed out and then failed a ping."""


class _Sender:
    def __init__(self) -> None:
        self._jobs: deque[_Job] = deque()
        self._waiting_messages = 0
        self._busy = False
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._paused_until = 0.0
        self._counts = {"queued": 0, "sent": 0, "failed": 0, "dropped_full": 0, "dropped_down": 0}
        # The sender's own instance of the configured layer: its connection pools belong to
        # the sender's loop only, so nothing else (a test's flush) closes them under it.
        self._config: dict | None = None
        self._layer = None

    # Called from request threads --------------------------------------------------------

    def paused(self) -> bool:
        return time.monotonic() < self._paused_until

    def pause(self) -> None:
        self._paused_until = time.monotonic() + settings.LIVE_PUSH_BACKOFF

    def resume(self) -> None:
        self._paused_until = 0.0

    def stats(self) -> dict[str, int]:
        with self._changed:
            return {**self._counts, "waiting": self._waiting_messages}

    def submit(self, messages: list[GroupMessage], *, config: dict, wait: float | None) -> bool:
        job = _Job(list(messages), config, Future() if wait is not None else None)
        dropped = 0
        with self._changed:
            self._ensure_thread()
            capacity = max(settings.LIVE_PUSH_QUEUE, len(job.messages))
            while self._jobs and self._waiting_messages + len(job.messages) > capacity:
                old = self._jobs.popleft()
                self._waiting_messages -= len(old.messages)
                dropped += len(old.messages)
                _settle(old, False)
            self._jobs.append(job)
            self._waiting_messages += len(job.messages)
            self._counts["queued"] += len(job.messages)
            self._counts["dropped_full"] += dropped
            self._changed.notify_all()
        if dropped:
            logger.warning(
                "Live update queue full (%d): dropped the %d oldest update(s)",
                settings.LIVE_PUSH_QUEUE,
                dropped,
            )
        if job.outcome is None:
            return True
        try:
            return job.outcome.result(timeout=wait)
        except FutureTimeout:
            return False

    def wait_until_idle(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._jobs or self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
        return True

    def _ensure_thread(self) -> None:
        # A forked child inherits the parent's thread object but not the thread.
        if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
            return
        self._pid = os.getpid()
        self._config = self._layer = None
        self._thread = threading.Thread(target=self._run, name="live-push-sender", daemon=True)
        self._thread.start()

    # The sender thread -------------------------------------------------------------------

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        while True:
            jobs = self._take()
            messages = [message for job in jobs for message in job.messages]
            ok = False
            try:
                if self.paused():
                    self._count("dropped_down", len(messages))
                    logger.debug("Live updates paused; %d skipped", len(messages))
                else:
                    ok = loop.run_until_complete(self._send(jobs[0].config, messages))
            except Exception:  # noqa: BLE001 - the thread must outlive any one failure
                logger.exception("Live update sender failed; %d update(s) dropped", len(messages))
            for job in jobs:
                _settle(job, ok)
            with self._changed:
                self._busy = False
                self._changed.notify_all()

    def _take(self) -> list[_Job]:
        with self._changed:
            while not self._jobs:
                self._changed.wait()
            jobs, count = [], 0
            while self._jobs and (
                not jobs
                or (
                    self._jobs[0].config is jobs[0].config
                    and count + len(self._jobs[0].messages) <= BATCH_SIZE
                )
            ):
                job = self._jobs.popleft()
                jobs.append(job)
                count += len(job.messages)
            self._waiting_messages -= count
            self._busy = True
            return jobs

    def _count(self, name: str, number: int) -> None:
        with self._changed:
            self._counts[name] += number

    async def _send(self, config: dict, messages: list[GroupMessage]) -> bool:
        layer = await self._layer_for(config)
        try:
            try:
                await send_all(layer, bundled_by_group(messages), settings.LIVE_PUSH_TIMEOUT)
            except TimeoutError:
                await self._reset(layer)
                if not await _answers_ping(config):
                    raise _LayerDown(
                        "a batch timed out and the layer did not answer a ping"
                    ) from None
                raise
        except Exception as exc:  # noqa: BLE001 - the database has the truth
            await self._reset(layer)
            self._count("failed", len(messages))
            if _means_down(exc):
                self.pause()
                logger.warning(
                    "Could not send %d live update(s): the channel layer is down (%s); "
                    "pausing live updates for %ss",
                    len(messages),
                    exc,
                    settings.LIVE_PUSH_BACKOFF,
                )
            else:
                logger.warning(
                    "Could not send %d live update(s) within %ss",
                    len(messages),
                    settings.LIVE_PUSH_TIMEOUT,
                    exc_info=not isinstance(exc, TimeoutError),
                )
            return False
        self._count("sent", len(messages))
        return True

    async def _layer_for(self, config: dict):
        """The sender's instance of the layer these settings describe, kept while they hold."""
        if config is not self._config:
            if self._layer is not None:
                await self._reset(self._layer)
            self._config = config
            self._layer = import_string(config["BACKEND"])(**config.get("CONFIG", {}))
        return self._layer

    @staticmethod
    async def _reset(layer) -> None:
        """Drop the layer's connections: the next send starts from fresh ones."""
        try:
            async with asyncio.timeout(PING_TIMEOUT):
                await close_connections(layer)
        except Exception:  # noqa: BLE001 - closing a dead connection may fail; it is gone anyway
            logger.debug("Closing the live sender's connections failed", exc_info=True)


async def _answers_ping(config: dict) -> bool:
    """Whether every Redis the layer settings name answers a ping now, on a fresh connection."""
    hosts = config.get("CONFIG", {}).get("hosts", [])
    try:
        async with asyncio.timeout(PING_TIMEOUT):
            for host in hosts:
                address = host["address"] if isinstance(host, dict) else host
                client = aioredis.Redis.from_url(address, socket_connect_timeout=PING_TIMEOUT)
                try:
                    await client.ping()
                finally:
                    await client.aclose()
    except Exception:  # noqa: BLE001 - any failure means "not answering"
        return False
    return True


def _means_down(exc: BaseException) -> bool:
    """Refused or reset connections, or a timeout the layer could not explain with a ping."""
    if isinstance(exc, _LayerDown | RedisConnectionError):
        return True
    # TimeoutError is an OSError too, but one slow batch is not an outage.
    return isinstance(exc, OSError) and not isinstance(exc, TimeoutError)


def _settle(job: _Job, ok: bool) -> None:
    if job.outcome is not None and not job.outcome.done():
        job.outcome.set_result(ok)


_sender = _Sender()


@atexit.register
def _send_what_is_queued() -> None:
    # A command or task that pushed just before exiting still gets its pushes out.
    if _sender._thread is not None and _sender._thread.is_alive():
        _sender.wait_until_idle(EXIT_GRACE)
