"""The live notification socket: who may open it, what each member hears, what they can do on it."""

import json
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from community.asgi import application
from community.moderation import services as moderation
from community.notifications.kinds import Kind
from community.notifications.models import Notification
from community.notifications.services import notify
from tests.factories import CustomerFactory
from tests.factories.members import member_fixture
from tests.live_pushes import session_cookie

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("_fresh_channel_layer", "_worker_connections_closed"),
]

PATH = "/ws/notifications/"
SITE = b"http://testserver"
# Generous: only there to turn a hang into a failure.
TIMEOUT = 10
CLOSE_NOT_ALLOWED = 4403


alice = member_fixture(CustomerFactory, display_name="Alice Okafor")


bob = member_fixture(CustomerFactory, display_name="Bob Lindqvist")


def socket(cookie: bytes | None = None, *, origin: bytes = SITE) -> WebsocketCommunicator:
    headers = [(b"origin", origin), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, PATH, headers=headers)


class Tab:
    """A browser tab of a signed-in member with the notification socket open."""

    def __init__(self, communicator: WebsocketCommunicator, hello: dict) -> None:
        self.communicator = communicator
        self.hello = hello

    async def receive(self) -> dict:
        return await self.communicator.receive_json_from(timeout=TIMEOUT)

    async def send(self, data) -> None:
        await self.communicator.send_json_to(data)

    async def send_text(self, text: str) -> None:
        await self.communicator.send_to(text_data=text)


@asynccontextmanager
async def open_tab(member, cookie: bytes | None = None):
    communicator = socket(cookie or await session_cookie(member))
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    try:
        assert connected, "the member's socket was refused"
        hello = await communicator.receive_json_from(timeout=TIMEOUT)
        assert hello["type"] == "hello"
        yield Tab(communicator, hello)
    finally:
        await communicator.disconnect(timeout=TIMEOUT)


async def refused(communicator: WebsocketCommunicator) -> bool:
    """Whether the handshake is refused. The consumer is told the socket is gone either way,
    so it leaves the channel layer before the test ends."""
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    await communicator.disconnect(timeout=TIMEOUT)
    return not connected


async def close_code(communicator: WebsocketCommunicator) -> int | None:
    """Read what the server sends until it closes the socket; returns the close code."""
    for _ in range(10):
        message = await communicator.receive_output(timeout=TIMEOUT)
        if message["type"] == "websocket.close":
            return message.get("code")
    return None


@database_sync_to_async
def notify_member(member, text: str) -> Notification:
    (notification,) = notify(kind=Kind.MODERATION, recipients=[member], text=text)
    return notification


@database_sync_to_async
def unread_ids(member) -> set[int]:
    return set(
        Notification.objects.filter(recipient=member, read_at__isnull=True).values_list(
            "pk", flat=True
        )
    )


@database_sync_to_async
def notifications_for(member, count: int) -> list[Notification]:
    return [
        Notification.objects.create(
            recipient=member, kind=Kind.MODERATION, text=f"Notice number {index}"
        )
        for index in range(count)
    ]


# --- Who may connect ------------------------------------------------------------------------


async def test_anonymous_visitor_is_refused():
    assert await refused(socket())


async def test_a_page_on_another_site_cannot_open_a_members_socket(alice):
    cookie = await session_cookie(alice)

    assert await refused(socket(cookie, origin=b"http://evil.example"))


async def test_suspended_member_is_turned_away(alice, community_manager):
    await database_sync_to_async(moderation.suspend)(
        member=alice,
        moderator=community_manager,
        until=timezone.now() + timedelta(days=3),
        reason="Heated replies after a warning.",
    )
    communicator = socket(await session_cookie(alice))

    connected, _ = await communicator.connect(timeout=TIMEOUT)
    try:
        code = await close_code(communicator) if connected else None
    finally:
        await communicator.disconnect(timeout=TIMEOUT)

    assert code == CLOSE_NOT_ALLOWED


# --- What a member hears --------------------------------------------------------------------


async def test_hello_tells_the_unread_count_and_latest_notification(alice, bob):
    read, *unread = await notifications_for(alice, 3)
    await database_sync_to_async(Notification.objects.filter(pk=read.pk).update)(
        read_at=timezone.now()
    )
    await notifications_for(bob, 4)

    async with open_tab(alice) as tab:
        assert tab.hello["unread_count"] == 2
        assert tab.hello["latest_id"] == unread[-1].pk


async def test_hello_for_a_member_without_notifications(alice):
    async with open_tab(alice) as tab:
        assert tab.hello["unread_count"] == 0
        assert tab.hello["latest_id"] == 0


async def test_each_member_hears_only_their_own_notifications(alice, bob):
    async with open_tab(alice) as alice_tab, open_tab(bob) as bob_tab:
        for_alice = await notify_member(alice, "Your post was approved and is live.")
        for_bob = await notify_member(bob, "Thanks for your report.")

        alice_heard = await alice_tab.receive()
        bob_heard = await bob_tab.receive()

    assert alice_heard["type"] == "notification"
    assert alice_heard["notification"]["id"] == for_alice.pk
    assert alice_heard["notification"]["text"] == "Your post was approved and is live."
    assert alice_heard["notification"]["unread"] is True
    assert alice_heard["unread_count"] == 1
    # Bob's first message is his own notification: Alice's never reached him.
    assert bob_heard["notification"]["id"] == for_bob.pk
    assert bob_heard["notification"]["text"] == "Thanks for your report."


async def test_every_tab_of_the_member_hears_a_new_notification(alice):
    async with open_tab(alice) as first, open_tab(alice) as second:
        notification = await notify_member(alice, "A warning from the community managers.")

        heard = [await first.receive(), await second.receive()]

    assert [message["notification"]["id"] for message in heard] == [notification.pk] * 2


# --- Reading over the socket ----------------------------------------------------------------


async def test_marking_read_updates_the_count_in_every_tab(alice):
    first_notice, second_notice = await notifications_for(alice, 2)

    async with open_tab(alice) as reading, open_tab(alice) as other:
        await reading.send({"action": "mark_read", "id": first_notice.pk})

        # The tab that asked gets its answer and the broadcast, in either order.
        answers = [await reading.receive(), await reading.receive()]
        elsewhere = await other.receive()

    assert answers == [{"type": "count", "unread_count": 1}] * 2
    assert elsewhere == {"type": "count", "unread_count": 1}
    assert await unread_ids(alice) == {second_notice.pk}


async def test_marking_several_read_at_once(alice):
    notices = await notifications_for(alice, 3)

    async with open_tab(alice) as tab:
        await tab.send({"action": "mark_read", "ids": [notices[0].pk, notices[2].pk]})
        answers = [await tab.receive(), await tab.receive()]

    assert {"type": "count", "unread_count": 1} in answers
    assert await unread_ids(alice) == {notices[1].pk}


async def test_a_member_cannot_mark_someone_elses_notification_read(alice, bob):
    (bobs,) = await notifications_for(bob, 1)
    (alices,) = await notifications_for(alice, 1)

    async with open_tab(alice) as tab:
        await tab.send({"action": "mark_read", "ids": [bobs.pk]})
        answer = await tab.receive()

    assert answer == {"type": "count", "unread_count": 1}
    assert await unread_ids(bob) == {bobs.pk}
    assert await unread_ids(alice) == {alices.pk}


async def test_mark_all_read_clears_the_count_in_every_tab(alice, bob):
    await notifications_for(alice, 3)
    await notifications_for(bob, 2)

    async with open_tab(alice) as reading, open_tab(alice) as other:
        await reading.send({"action": "mark_all_read"})
        answers = [await reading.receive(), await reading.receive()]
        elsewhere = await other.receive()

    assert answers == [{"type": "count", "unread_count": 0}] * 2
    assert elsewhere == {"type": "count", "unread_count": 0}
    assert await unread_ids(alice) == set()
    assert len(await unread_ids(bob)) == 2


GARBAGE = {
    "not JSON": "mark everything read please",
    "a JSON list": json.dumps([1, 2, 3]),
    "a JSON string": json.dumps("mark_all_read"),
    "an unknown action": json.dumps({"action": "delete_everything"}),
    "no action": json.dumps({"id": 1}),
    "an id that is text": json.dumps({"action": "mark_read", "id": "1"}),
    "an id that is true": json.dumps({"action": "mark_read", "id": True}),
    "no id": json.dumps({"action": "mark_read"}),
    "ids that are not a list": json.dumps({"action": "mark_read", "ids": "1,2"}),
    "ids that are not numbers": json.dumps({"action": "mark_read", "ids": [1, None, {}]}),
}


@pytest.mark.parametrize("garbage", GARBAGE.values(), ids=GARBAGE.keys())
async def test_garbage_is_answered_with_an_error_and_the_socket_stays_open(alice, garbage):
    (notice,) = await notifications_for(alice, 1)

    async with open_tab(alice) as tab:
        await tab.send_text(garbage)
        answer = await tab.receive()
        # Still connected and working.
        await tab.send({"action": "mark_read", "id": notice.pk})
        after = [await tab.receive(), await tab.receive()]

    assert answer["type"] == "error"
    assert answer["error"]
    assert {"type": "count", "unread_count": 0} in after
    assert await unread_ids(alice) == set()


async def test_a_binary_frame_is_answered_with_an_error_and_the_socket_stays_open(alice):
    async with open_tab(alice) as tab:
        await tab.communicator.send_to(bytes_data=b"\x00\x01binary")
        answer = await tab.receive()
        await tab.send({"action": "mark_all_read"})
        after = await tab.receive()

    assert answer["type"] == "error"
    assert after == {"type": "count", "unread_count": 0}


# --- Sanctions end live connections ---------------------------------------------------------


async def test_banned_members_socket_is_closed_and_stays_closed(alice, bob, community_manager):
    cookie = await session_cookie(alice)
    async with open_tab(alice, cookie) as alice_tab, open_tab(bob) as bob_tab:
        await database_sync_to_async(moderation.ban)(
            member=alice, moderator=community_manager, reason="Spam links in every reply."
        )

        code = await close_code(alice_tab.communicator)
        # Bob is untouched: his socket still answers.
        await bob_tab.send({"action": "mark_all_read"})
        bob_answer = await bob_tab.receive()

    assert code == CLOSE_NOT_ALLOWED
    assert bob_answer == {"type": "count", "unread_count": 0}

    again = socket(cookie)
    connected, _ = await again.connect(timeout=TIMEOUT)
    try:
        refused = not connected or await close_code(again) == CLOSE_NOT_ALLOWED
    finally:
        await again.disconnect(timeout=TIMEOUT)
    assert refused


async def test_suspended_members_open_socket_is_closed(alice, community_manager):
    async with open_tab(alice) as tab:
        await database_sync_to_async(moderation.suspend)(
            member=alice,
            moderator=community_manager,
            until=timezone.now() + timedelta(days=1),
            reason="Cooling off.",
        )

        code = await close_code(tab.communicator)

    assert code == CLOSE_NOT_ALLOWED


async def test_pushes_bundled_for_one_member_arrive_as_separate_messages_in_order(alice):
    from channels.layers import get_channel_layer

    from community.notifications.live import bundled_by_group, member_group

    group = member_group(alice.pk)
    pushes = [
        (group, {"type": "notification.new", "id": 1, "text": "first"}),
        (group, {"type": "notification.count", "unread_count": 2}),
        (group, {"type": "notification.new", "id": 3, "text": "third"}),
    ]
    [(bundle_group, bundle)] = bundled_by_group(pushes)

    async with open_tab(alice) as tab:
        await get_channel_layer().group_send(bundle_group, bundle)

        received = [await tab.receive() for _ in pushes]

    assert [message["type"] for message in received] == ["notification", "count", "notification"]
    assert [received[0]["text"], received[1]["unread_count"], received[2]["text"]] == [
        "first",
        2,
        "third",
    ]


async def test_a_notification_reaches_an_open_tab_without_waiting_for_a_database_thread(
    alice, monkeypatch
):
    # Channels hops to a worker thread before every handler to close stale database connections;
    # an announcement then queued one such hop per connected member behind a single thread.
    import channels.consumer

    hops = []

    async def counted_hop():
        hops.append(1)

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", counted_hop)

    async with open_tab(alice) as tab:
        hops.clear()  # connecting may touch the database; relaying must not
        notification = await notify_member(alice, "Your topic was moved to Webinars.")

        heard = await tab.receive()

    assert heard["notification"]["id"] == notification.pk
    assert hops == []
