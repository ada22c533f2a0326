"""`/ws/forums/topics/<id>/`: readers of a topic page hear of new replies and kudos."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from community.notifications.live import BundledMessages, connections_group

from . import permissions
from .live import topic_group


@database_sync_to_async
def _may_open(viewer, topic_id: int) -> bool:
    return permissions.openable_topics(viewer).filter(pk=topic_id).exists()


class TopicConsumer(BundledMessages, AsyncJsonWebsocketConsumer):
    groups_joined: tuple[str, ...] = ()

    async def connect(self) -> None:
        viewer = self.scope["user"]
        topic_id = self.scope["url_route"]["kwargs"]["topic_id"]
        if not await _may_open(viewer, topic_id):
            await self.close()
            return
        groups = [topic_group(topic_id)]
        if viewer.is_authenticated:
            # A banned member's topic pages go quiet too.
            groups.append(connections_group(viewer.pk))
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined = tuple(groups)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs) -> None:
        pass  # readers only listen; whatever a client sends is ignored

    async def topic_reply(self, event: dict) -> None:
        await self.send_json({**event, "type": "reply"})

    async def topic_kudos(self, event: dict) -> None:
        await self.send_json({**event, "type": "kudos"})

    async def member_disconnect(self, event: dict) -> None:
        await self.close(code=4403)
