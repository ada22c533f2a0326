"""Many group messages through Redis pub/sub in one round trip per Redis host.

channels_redis' `RedisPubSubChannelLayer.group_send` publishes one message per call behind a
lock of its connection, so a notification to 1,000 members waited for 1,000 round trips one
after the other. Here the same PUBLISH commands, to the same channels, with the layer's own
serializer and connections, go out as one pipeline per host. Subscribers can't tell the
difference: it is what 1,000 `group_send` calls would have published.

This reaches into the layer's per-loop object (its channel names, shards and connections),
which channels_redis does not promise to keep. When they are not there the messages go out
one `group_send` at a time, as before, and the tests with Redis say so.
"""

import logging

from channels_redis.pubsub import RedisPubSubChannelLayer

logger = logging.getLogger(__name__)

GroupMessage = tuple[str, dict]


def can_pipeline(layer) -> bool:
    """Whether `publish_pipelined()` can send through this layer."""
    return isinstance(layer, RedisPubSubChannelLayer) and _has_internals(layer)


def _has_internals(layer: RedisPubSubChannelLayer) -> bool:
    loop_layer = layer._get_layer()
    shards = getattr(loop_layer, "_shards", None)
    return (
        hasattr(loop_layer, "_get_group_channel_name")
        and hasattr(loop_layer, "_get_shard")
        and bool(shards)
        and all(hasattr(shard, "_ensure_redis") for shard in shards)
    )


async def publish_pipelined(layer: RedisPubSubChannelLayer, messages: list[GroupMessage]) -> None:
    """Publish each message to its group's channel, one pipeline per Redis host.

    Must run on the event loop that will own the connections (the layer keeps one set per
    loop). Raises what Redis raised; the caller decides what a failure means.
    """
    loop_layer = layer._get_layer()
    by_shard: dict[object, list[tuple[str, bytes]]] = {}
    for group, message in messages:
        channel = loop_layer._get_group_channel_name(group)
        shard = loop_layer._get_shard(channel)
        by_shard.setdefault(shard, []).append((channel, layer.serialize(message)))
    for shard, published in by_shard.items():
        shard._ensure_redis()
        async with shard._redis.pipeline(transaction=False) as pipe:
            for channel, data in published:
                pipe.publish(channel, data)
            await pipe.execute()
