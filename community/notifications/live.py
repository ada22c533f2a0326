"""Live hints over the channel layer, sent after the database has the truth.

Sending never breaks a member's action: it waits at most LIVE_PUSH_TIMEOUT seconds, and after
a failure it pauses for LIVE_PUSH_BACKOFF seconds so that a dead or hung layer (Redis) costs
one request a fraction of a second, not every request.
"""

import asyncio
import logging
import time
from collections.abc import Iterable
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

GroupMessage = tuple[str, dict]

_paused_until = 0.0


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
    """Send group messages; returns whether they all went out. Failures are logged only."""
    global _paused_until
    if not messages:
        return True
    if time.monotonic() < _paused_until:
        logger.debug("Live updates paused after a channel layer failure; %d skipped", len(messages))
        return False
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(_send_all)(layer, messages, timeout or settings.LIVE_PUSH_TIMEOUT)
    except Exception:  # noqa: BLE001 - the database has the truth; the push is only a hint
        _paused_until = time.monotonic() + settings.LIVE_PUSH_BACKOFF
        logger.warning(
            "Could not send %d live update(s); pausing live updates for %ss",
            len(messages),
            settings.LIVE_PUSH_BACKOFF,
            exc_info=True,
        )
        return False
    return True


# Sends in flight at once: each holds a Redis connection, and the pool is bounded.
MAX_CONCURRENT_SENDS = 50


async def _send_all(layer, messages: list[GroupMessage], timeout: float) -> None:
    slots = asyncio.Semaphore(MAX_CONCURRENT_SENDS)

    async def send(group: str, message: dict) -> None:
        async with slots:
            await layer.group_send(group, message)

    async with asyncio.timeout(timeout):
        await asyncio.gather(*(send(group, message) for group, message in messages))


def resume() -> None:
    """Forget an earlier failure (tests, and the health check once the layer answers again)."""
    global _paused_until
    _paused_until = 0.0


def disconnect_member(member_id: int) -> None:
    """Close every open live connection of a member (after a ban or suspension)."""
    send_after_commit([(connections_group(member_id), {"type": "member.disconnect"})])
