"""`/ws/notifications/`: a member's live notifications. Thin: check, join, relay."""

import json

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from . import selectors, services
from .live import BundledMessages, connections_group, member_group

# Close codes the client understands: don't reconnect (the member can't be served).
CLOSE_NOT_ALLOWED = 4403


@database_sync_to_async
def _may_connect(user) -> bool:
    profile = getattr(user, "profile", None)
    return profile is None or not (profile.is_banned or profile.is_suspended)


@database_sync_to_async
def _hello(user) -> dict:
    return {
        "type": "hello",
        "unread_count": services.unread_count(user),
        "latest_id": selectors.latest_id(user),
    }


class NotificationConsumer(BundledMessages, AsyncJsonWebsocketConsumer):
    group: str | None = None
    groups_joined: tuple[str, ...] = ()

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close()  # refuses the handshake
            return
        await self.accept()
        if not await _may_connect(user):
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        self.group = member_group(user.pk)
        self.groups_joined = (self.group, connections_group(user.pk))
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.send_json(await _hello(user))

    async def dispatch(self, message: dict) -> None:
        """Run the message's handler, without Channels' hop to a thread before each one.

        Channels closes stale database connections in a worker thread before every handler,
        so an announcement cost each server one thread round trip per connected member, all
        queued behind one thread. Here the relays never touch the database, and everything
        that does goes through `database_sync_to_async`, which closes them itself.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs) -> None:
        """Anything but a JSON object gets an error message; the connection stays open."""
        try:
            content = json.loads(text_data) if text_data else None
        except ValueError:
            content = None
        if not isinstance(content, dict):
            await self.send_json({"type": "error", "error": "Send a JSON object."})
            return
        await self.receive_json(content, **kwargs)

    async def receive_json(self, content, **kwargs) -> None:
        """Clients may mark notifications read over the socket: {"action": "mark_read", "id": 5}."""
        if not self.group:
            return
        user = self.scope["user"]
        action = content.get("action")
        if action == "mark_read":
            ids = content.get("ids", [content.get("id")])
            if not isinstance(ids, list) or not all(
                isinstance(pk, int) and not isinstance(pk, bool) for pk in ids
            ):
                await self.send_json({"type": "error", "error": "Give notification ids."})
                return
            count = await database_sync_to_async(services.mark_read)(
                member=user, notification_ids=ids[:100]
            )
        elif action == "mark_all_read":
            count = await database_sync_to_async(services.mark_all_read)(member=user)
        else:
            await self.send_json({"type": "error", "error": "Unknown action."})
            return
        await self.send_json({"type": "count", "unread_count": count})

    # --- Events from the channel layer ----------------------------------------------------

    async def notification_new(self, event: dict) -> None:
        message = {key: value for key, value in event.items() if key != "type"}
        await self.send_json({**message, "type": "notification"})

    async def notification_count(self, event: dict) -> None:
        await self.send_json({"type": "count", "unread_count": event["unread_count"]})

    async def member_disconnect(self, event: dict) -> None:
        await self.close(code=CLOSE_NOT_ALLOWED)
