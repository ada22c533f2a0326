"""Listening in on live pushes: a signed-in browser's cookie, and a tab joined to a member's
group on the channel layer."""

import asyncio

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.conf import settings as django_settings
from django.test import Client

from community.notifications import live

# A push that never arrives fails the test after this long instead of hanging it.
RECEIVE_TIMEOUT = 5


@database_sync_to_async
def session_cookie(member) -> bytes:
    """The cookie a browser holds after `member` signs in."""
    client = Client()
    client.force_login(member)
    name = django_settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


def open_tab(layer, member) -> str:
    """A live connection of the member, as the notification consumer joins it."""
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(live.member_group(member.pk), channel)
    return channel


def received(layer, channel: str, count: int, *, timeout: float = RECEIVE_TIMEOUT) -> list[dict]:
    """The next `count` messages on the channel, in order."""

    async def collect():
        return [await layer.receive(channel) for _ in range(count)]

    async def bounded():
        return await asyncio.wait_for(collect(), timeout)

    return async_to_sync(bounded)()
