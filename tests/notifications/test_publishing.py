"""Pushes to many members leave through Redis pub/sub as one pipeline, not one round trip each."""

import asyncio
import contextlib
import uuid

import pytest
from asgiref.sync import async_to_sync
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings as django_settings

from community.notifications import live
from community.notifications.publishing import can_pipeline

pytestmark = pytest.mark.skipif(
    not django_settings.REDIS_URL, reason="needs Redis at REDIS_URL for the pub/sub layer"
)

TIMEOUT = 10


def pubsub_layer() -> RedisPubSubChannelLayer:
    return RedisPubSubChannelLayer(
        hosts=[django_settings.REDIS_URL], prefix=f"test-{uuid.uuid4().hex[:12]}"
    )


def test_the_project_layer_can_send_a_burst_as_one_pipeline():
    # Fails when an upgrade of channels_redis changes what the pipeline relies on: pushes would
    # still arrive, one round trip each, as slowly as before.
    layer = pubsub_layer()

    async def check() -> bool:
        try:
            return can_pipeline(layer)
        finally:
            await layer.flush()

    assert async_to_sync(check)()


def test_a_burst_reaches_every_members_tabs_and_only_theirs_without_a_send_per_member(
    monkeypatch,
):
    layer = pubsub_layer()

    async def no_send_per_member(*args, **kwargs):
        raise AssertionError("one group_send per member")

    async def burst() -> dict[str, list[dict]]:
        try:
            tabs = {
                "alice": await layer.new_channel(),
                "alice again": await layer.new_channel(),
                "bob": await layer.new_channel(),
                "carol": await layer.new_channel(),
            }
            await layer.group_add(live.member_group(1), tabs["alice"])
            await layer.group_add(live.member_group(1), tabs["alice again"])
            await layer.group_add(live.member_group(2), tabs["bob"])
            await layer.group_add(live.member_group(3), tabs["carol"])
            await asyncio.sleep(0.2)  # Redis confirms subscriptions on a connection of their own
            monkeypatch.setattr(layer._get_layer(), "group_send", no_send_per_member)
            await live.send_all(
                layer,
                [
                    (live.member_group(1), {"type": "notification.new", "id": 11}),
                    (live.member_group(2), {"type": "notification.new", "id": 21}),
                    (live.member_group(4), {"type": "notification.new", "id": 41}),
                    (live.member_group(2), {"type": "notification.count", "unread_count": 5}),
                ],
                TIMEOUT,
            )
            heard = {}
            for name in ("alice", "alice again", "bob"):
                count = 2 if name == "bob" else 1
                heard[name] = [await layer.receive(tabs[name]) for _ in range(count)]
            # Anything for Carol would have come before Bob's last message, published after it.
            heard["carol"] = []
            with contextlib.suppress(TimeoutError):
                heard["carol"].append(await asyncio.wait_for(layer.receive(tabs["carol"]), 0.2))
            return heard
        finally:
            await layer.flush()

    heard = async_to_sync(burst)()

    assert heard["alice"] == [{"type": "notification.new", "id": 11}]
    assert heard["alice again"] == [{"type": "notification.new", "id": 11}]
    assert heard["bob"] == [
        {"type": "notification.new", "id": 21},
        {"type": "notification.count", "unread_count": 5},
    ]
    assert heard["carol"] == []
