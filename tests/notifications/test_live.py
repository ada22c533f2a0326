"""Live pushes are hints: a dead, hung or slow channel layer never breaks what a member does.

The database has the truth. A request hands its pushes to the process's sender and goes on.
When Redis is down or hangs, posting still works, the notification is still in the center, the
push gives up, and further pushes pause instead of each being tried. One slow send is not an
outage: it neither loses the push nor pauses the next ones.
"""

import asyncio
import copy
import logging
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from channels_redis.core import RedisChannelLayer
from django.conf import settings as django_settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from community.asgi import application
from community.notifications import live
from community.notifications.models import Notification
from forums.models import Reply
from forums.notification_kinds import ForumKind
from tests.factories import CustomerFactory
from tests.live_pushes import open_tab
from tests.redis_server import needs_redis_server, redis_server

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Generous: only there to turn a hang into a failure.
TIMEOUT = 10
LIVE_LOGGER = live.logger.name
REDIS_LAYER = "channels_redis.core.RedisChannelLayer"
IN_MEMORY_LAYER = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def redis_layer(url: str) -> dict:
    config = {"hosts": [url], "prefix": f"test-{uuid.uuid4().hex[:12]}"}
    return {"default": {"BACKEND": REDIS_LAYER, "CONFIG": config}}


@pytest.fixture(autouse=True)
def _live_pushes_resumed():
    """A failure pauses pushes for the whole process: no test inherits another's pause."""
    live.resume()
    yield
    live.resume()


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections and never answers: a hung Redis.

    The kernel completes the handshake for a listening socket, so nobody needs to accept.
    """
    server = socket.create_server(("127.0.0.1", 0), backlog=64)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


@pytest.fixture(params=["down", "hung"])
def broken_layer(request, settings):
    """The channel layer's Redis refuses connections (down) or never answers (hung)."""
    settings.LIVE_PUSH_TIMEOUT = 0.5  # finds a hung layer out quickly
    if request.param == "down":
        settings.CHANNEL_LAYERS = redis_layer("redis://127.0.0.1:1/0")  # nothing listens there
    else:
        settings.CHANNEL_LAYERS = redis_layer(request.getfixturevalue("silent_server"))
    return request.param


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def push_warnings(caplog) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name == LIVE_LOGGER and record.levelno >= logging.WARNING
    ]


def a_hint(member_id: int = 1) -> list[tuple[str, dict]]:
    return [(live.member_group(member_id), {"type": "notification.count", "unread_count": 3})]


def test_a_reply_is_saved_and_the_asker_notified_while_the_live_layer_fails(
    broken_layer, question, asker, caplog
):
    replier = CustomerFactory(display_name="Tomás Ferreira")
    live.resume()
    caplog.set_level(logging.DEBUG, logger=LIVE_LOGGER)
    caplog.clear()

    response = signed_in(replier).post(
        reverse("forums:post_reply", kwargs={"pk": question.pk}),
        {"body": "We do exactly this: a smart list per webinar, then a scoring rule."},
    )

    assert response.status_code == 302
    assert response.url.endswith("#reply-1")
    assert live.wait_until_sent(TIMEOUT)
    reply = Reply.objects.get(topic=question)
    assert reply.author == replier
    assert "smart list per webinar" in reply.body_html
    notification = Notification.objects.get(recipient=asker)
    assert notification.kind == ForumKind.REPLY_TO_YOUR_TOPIC
    assert "replied to your topic" in notification.text
    # The push gave up once; the request's other pushes were skipped, not each waited for.
    assert len(push_warnings(caplog)) == 1

    center = signed_in(asker).get(reverse("notifications:list"))
    assert center.status_code == 200
    assert "Tomás Ferreira replied to your topic" in center.content.decode()


def test_while_paused_the_next_member_action_does_not_wait_for_the_layer_again(
    broken_layer, question, asker, caplog
):
    first, second = CustomerFactory(), CustomerFactory()
    live.resume()
    caplog.set_level(logging.WARNING, logger=LIVE_LOGGER)
    url = reverse("forums:post_reply", kwargs={"pk": question.pk})
    signed_in(first).post(url, {"body": "Scoring on attendance works well for us."})
    assert live.wait_until_sent(TIMEOUT)
    caplog.clear()

    started = time.monotonic()
    response = signed_in(second).post(url, {"body": "We weight on-demand views lower."})
    assert live.wait_until_sent(TIMEOUT)
    assert time.monotonic() - started < 1

    assert response.status_code == 302
    assert Reply.objects.filter(topic=question).count() == 2
    assert Notification.objects.filter(recipient=asker).count() == 2
    assert push_warnings(caplog) == []  # skipped: the layer was not tried again


def test_a_failed_push_says_so_and_is_logged(broken_layer, caplog):
    caplog.set_level(logging.WARNING, logger=LIVE_LOGGER)

    assert live.send_now(a_hint(), timeout=TIMEOUT) is False
    assert len(push_warnings(caplog)) == 1


def test_pushes_stay_paused_after_a_failure_until_resumed(settings, caplog):
    caplog.set_level(logging.WARNING, logger=LIVE_LOGGER)
    settings.CHANNEL_LAYERS = redis_layer("redis://127.0.0.1:1/0")
    assert live.send_now(a_hint(), timeout=TIMEOUT) is False
    caplog.clear()

    settings.CHANNEL_LAYERS = IN_MEMORY_LAYER  # the layer is back
    assert live.send_now(a_hint()) is False  # but pushes are still paused
    assert push_warnings(caplog) == []

    live.resume()
    assert live.send_now(a_hint()) is True


def test_a_working_layer_takes_pushes(settings):
    settings.CHANNEL_LAYERS = IN_MEMORY_LAYER

    assert live.send_now(a_hint()) is True


def test_a_request_hands_its_push_over_without_waiting_for_a_hung_layer(settings, silent_server):
    settings.CHANNEL_LAYERS = redis_layer(silent_server)
    settings.LIVE_PUSH_TIMEOUT = 0.5

    started = time.monotonic()
    handed_over = live.send_now(a_hint())
    waited = time.monotonic() - started

    assert handed_over is True
    assert waited < 0.1


def test_a_full_queue_drops_the_oldest_pushes_and_says_so(settings, silent_server, caplog):
    settings.CHANNEL_LAYERS = redis_layer(silent_server)  # the sender is stuck on its first batch
    settings.LIVE_PUSH_TIMEOUT = 0.5
    settings.LIVE_PUSH_QUEUE = 3
    caplog.set_level(logging.WARNING, logger=LIVE_LOGGER)
    assert live.send_now(a_hint(1)) is True
    while live.stats()["waiting"]:  # until the sender is stuck sending it
        time.sleep(0.01)
    before = live.stats()["dropped_full"]

    for member_id in range(2, 8):
        assert live.send_now(a_hint(member_id)) is True

    assert live.stats()["dropped_full"] - before == 3
    assert live.stats()["waiting"] == 3
    assert any("queue full" in record.getMessage() for record in push_warnings(caplog))
    assert live.wait_until_sent(TIMEOUT)


class SlowRedisLayer(RedisChannelLayer):
    """Redis on a busy machine: every group send takes longer than it used to be allowed."""

    delay = 0.8

    async def group_send(self, group, message):
        await asyncio.sleep(self.delay)
        await super().group_send(group, message)


@pytest.fixture
def slow_layer(settings):
    with redis_server() as server:
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": f"{__name__}.SlowRedisLayer",
                "CONFIG": {"hosts": [server.url], "prefix": f"test-{uuid.uuid4().hex[:12]}"},
            }
        }
        layer = get_channel_layer()
        yield layer
        live.wait_until_sent(TIMEOUT)


def next_message(layer, channel) -> dict:
    async def bounded():
        return await asyncio.wait_for(layer.receive(channel), TIMEOUT)

    return async_to_sync(bounded)()


@needs_redis_server
def test_replies_reach_the_askers_open_tab_while_the_layer_is_slow(slow_layer, question, asker):
    tab = open_tab(slow_layer, asker)
    url = reverse("forums:post_reply", kwargs={"pk": question.pk})

    first = signed_in(CustomerFactory()).post(url, {"body": "Scoring on attendance works."})
    heard_first = next_message(slow_layer, tab)
    second = signed_in(CustomerFactory()).post(url, {"body": "We weight replays lower."})
    heard_second = next_message(slow_layer, tab)

    assert first.status_code == second.status_code == 302
    assert heard_first["type"] == heard_second["type"] == "notification.new"
    assert "replied to your topic" in heard_first["notification"]["text"]
    assert heard_second["unread_count"] == 2


# --- Across processes -----------------------------------------------------------------------

NOTIFY_FROM_ANOTHER_PROCESS = """
import sys

import django

django.setup()

from community.notifications.kinds import Kind
from community.notifications.services import notify

member_id, text = int(sys.argv[1]), sys.argv[2]
(notification,) = notify(
    kind=Kind.MODERATION, recipients=[member_id], text=text, live_timeout=10.0
)
print(notification.pk)
"""


def database_url_of_this_test() -> str:
    """The test database, as another process would reach it."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{quote(db['NAME'], safe='')}"


@database_sync_to_async
def session_cookie(member) -> bytes:
    client = signed_in(member)
    name = django_settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}".encode()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the other process must write to this test's database",
)
@pytest.mark.skipif(
    not django_settings.REDIS_URL,
    reason="needs Redis at REDIS_URL: without it the channel layer lives inside one process",
)
async def test_a_notification_written_by_another_process_reaches_the_members_socket(settings):
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    layers = copy.deepcopy(settings.CHANNEL_LAYERS)  # the project's Redis layer, as configured
    layers["default"]["CONFIG"]["prefix"] = prefix
    settings.CHANNEL_LAYERS = layers
    member = await database_sync_to_async(CustomerFactory)()
    headers = [
        (b"origin", b"http://testserver"),
        (b"host", b"testserver"),
        (b"cookie", await session_cookie(member)),
    ]
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    try:
        assert connected
        hello = await communicator.receive_json_from(timeout=TIMEOUT)
        assert hello["unread_count"] == 0

        worker = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-c", NOTIFY_FROM_ANOTHER_PROCESS, str(member.pk), "Welcome aboard!"],
            cwd=Path(django_settings.BASE_DIR),
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "community.settings",
                "DATABASE_URL": database_url_of_this_test(),
                "CHANNEL_PREFIX": prefix,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert worker.returncode == 0, worker.stderr
        heard = await communicator.receive_json_from(timeout=TIMEOUT)
    finally:
        await communicator.disconnect(timeout=TIMEOUT)
        await database_sync_to_async(connections.close_all)()

    assert heard["type"] == "notification"
    assert heard["notification"]["id"] == int(worker.stdout.split()[-1])
    assert heard["notification"]["text"] == "Welcome aboard!"
    assert heard["unread_count"] == 1


def test_a_burst_for_one_member_travels_as_one_bundle_and_other_members_keep_theirs():
    from community.notifications.live import BUNDLE_TYPE, bundled_by_group

    first = {"type": "notification.new", "id": 1}
    second = {"type": "notification.new", "id": 2}
    other = {"type": "notification.new", "id": 3}

    bundled = bundled_by_group([("member.1", first), ("member.2", other), ("member.1", second)])

    assert bundled == [
        ("member.1", {"type": BUNDLE_TYPE, "messages": [first, second]}),
        ("member.2", other),
    ]
