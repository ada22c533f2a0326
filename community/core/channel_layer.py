"""The channel layer as the site's infrastructure: is it carrying messages right now?

/healthz asks `probe()`. Whoever sends through the layer (the live-push sender) listens for
`layer_answered`, sent each time a probe gets its message back.
"""

import asyncio
import contextlib
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from channels import DEFAULT_CHANNEL_LAYER
from channels.layers import channel_layers, get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.dispatch import Signal

#: Sent after a probe's message came back through the layer.
layer_answered = Signal()

# How long closing a probe's connections may take; a dead connection is gone either way.
CLOSE_TIMEOUT = 1.0


def probe(timeout: float) -> str:
    """Prove the configured layer carries a message now; raises when it doesn't.

    A fresh instance of the layer each time, on a thread and event loop of its own: nothing a
    failed attempt left behind is reused, so the probe passes as soon as Redis answers again,
    and a busy server loop can't make it time out. Never through the shared instance: its
    process-local receive waits behind every open socket's blocking read (up to 5 s each), so
    it timed out whenever members had pages open. Once the layer answers, `layer_answered`
    says so (paused pushes resume instead of waiting out their pause).
    """
    if get_channel_layer() is None:
        raise RuntimeError("no channel layer is configured")
    layer = channel_layers.make_backend(DEFAULT_CHANNEL_LAYER)
    outcome: Future = Future()

    def run() -> None:
        try:
            outcome.set_result(asyncio.run(_round_trip(layer, timeout)))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            outcome.set_exception(exc)

    threading.Thread(target=run, name="channel-layer-probe", daemon=True).start()
    try:
        # The probe's thread may still be closing its connections; it needn't be waited for.
        outcome.result(timeout=timeout)
    except FutureTimeout:
        raise TimeoutError(f"the channel layer did not answer within {timeout}s") from None
    layer_answered.send(sender=probe)
    return type(layer).__name__


async def _round_trip(layer, timeout: float) -> None:
    try:
        async with asyncio.timeout(timeout):
            # The probe's own channel, made before sending: a pub/sub layer delivers only to
            # channels already listening.
            channel = await layer.new_channel()
            await layer.send(channel, {"type": "healthz.ping"})
            message = await layer.receive(channel)
            if message.get("type") != "healthz.ping":
                raise RuntimeError("the channel layer returned another message")
    finally:
        with contextlib.suppress(Exception):
            async with asyncio.timeout(CLOSE_TIMEOUT):
                await close_connections(layer)


async def close_connections(layer) -> None:
    """Close a layer instance's Redis connections; it opens new ones when used again."""
    if isinstance(layer, RedisPubSubChannelLayer):
        # Its flush forgets this instance's subscriptions and closes; nothing stored is lost.
        await layer.flush()
        return
    close = getattr(layer, "close_pools", None)
    if close is not None:
        await close()
