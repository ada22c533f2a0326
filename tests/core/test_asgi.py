"""WebSockets only from the site's own origins: a page on another site cannot open one."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.urls import path

from community import routing
from community.asgi import application

PROBE_PATH = "/ws/origin-probe/"


async def accept_every_connection(scope, receive, send):
    """A bare ASGI app: unlike a Channels consumer, it never touches the database."""
    while True:
        message = await receive()
        if message["type"] == "websocket.connect":
            await send({"type": "websocket.accept"})
        elif message["type"] == "websocket.disconnect":
            return


@pytest.fixture
def probe_route():
    """A route that accepts every connection, so only the origin check can refuse one."""
    route = path(PROBE_PATH.lstrip("/"), accept_every_connection)
    routing.websocket_urlpatterns.append(route)
    yield
    routing.websocket_urlpatterns.remove(route)


def connects(headers: list[tuple[bytes, bytes]]) -> bool:
    async def attempt() -> bool:
        communicator = WebsocketCommunicator(application, PROBE_PATH, headers=headers)
        connected, _ = await communicator.connect(timeout=3)
        if connected:
            await communicator.disconnect()
        return connected

    return async_to_sync(attempt)()


def test_websocket_from_the_site_itself_connects(probe_route):
    assert connects([(b"origin", b"http://testserver"), (b"host", b"testserver")])


@pytest.mark.parametrize(
    "origin",
    [b"http://evil.example", b"http://testserver.evil.example", b"null"],
)
def test_websocket_from_another_origin_is_refused(probe_route, origin):
    assert not connects([(b"origin", origin), (b"host", b"testserver")])


def test_websocket_without_origin_is_refused(probe_route):
    assert not connects([(b"host", b"testserver")])
