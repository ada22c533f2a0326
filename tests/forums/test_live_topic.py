"""A topic page stays live: readers hear of new replies and kudos, then fetch the new replies
themselves, so each sees only what they may see."""

from contextlib import asynccontextmanager

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.urls import reverse

from community.asgi import application
from community.members.roles import Role
from community.moderation import services as moderation
from forums import services
from forums.models import Visibility
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.forums import ForumCategoryFactory, ReplyFactory, TopicFactory, seed_replies
from tests.factories.members import member_fixture
from tests.live_pushes import session_cookie

# Generous: only there to turn a hang into a failure.
TIMEOUT = 10
CLOSE_NOT_ALLOWED = 4403

pytestmark = pytest.mark.usefixtures("_fresh_channel_layer")

live_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def topic_path(topic) -> str:
    return f"/ws/forums/topics/{topic.pk}/"


async def reader_socket(topic, member=None) -> WebsocketCommunicator:
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if member is not None:
        headers.append((b"cookie", await session_cookie(member)))
    return WebsocketCommunicator(application, topic_path(topic), headers=headers)


async def may_read_live(topic, member=None) -> bool:
    communicator = await reader_socket(topic, member)
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    # Told the socket is gone either way, the consumer leaves the channel layer before the end.
    await communicator.disconnect(timeout=TIMEOUT)
    return connected


@asynccontextmanager
async def reading(topic, member=None):
    """A reader with the topic page open."""
    communicator = await reader_socket(topic, member)
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    try:
        assert connected, "the reader's socket was refused"
        yield communicator
    finally:
        await communicator.disconnect(timeout=TIMEOUT)


async def next_event(communicator) -> dict:
    return await communicator.receive_json_from(timeout=TIMEOUT)


# --- Live events (the socket) ---------------------------------------------------------------


@pytest.fixture
def open_question(db):
    """A question in a public category.

    Every test here builds its own page tree: the forum tests' shared tree (a transaction held
    open for the module) cannot sit under the transactional tests that open sockets.
    """
    return TopicFactory(
        category=ForumCategoryFactory(title="Data & integrations", slug="data-integrations"),
        author=CustomerFactory(display_name="Priya Raman"),
        title="Best way to sync custom objects from Salesforce?",
    )


@pytest.fixture
def partners_only_topic(db):
    lounge = ForumCategoryFactory(
        title="Partner lounge", slug="partner-lounge", restricted_to=[Role.PARTNER]
    )
    return TopicFactory(
        category=lounge,
        author=PartnerFactory(),
        title="Co-selling playbook for the spring release",
    )


post_reply = database_sync_to_async(services.post_reply)
toggle_kudos = database_sync_to_async(services.toggle_kudos)
new_member = database_sync_to_async(CustomerFactory)


@live_db
@pytest.mark.usefixtures("_worker_connections_closed")
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
async def test_readers_hear_of_a_published_reply(open_question, signed_in):
    reader = await new_member() if signed_in else None
    author = await new_member()

    async with reading(open_question, reader) as page:
        reply = await post_reply(
            topic=open_question, author=author, body="Batch 300 records per API call."
        )
        event = await next_event(page)

    assert event == {"type": "reply", "reply_id": reply.pk, "number": 1, "reply_count": 1}


@live_db
@pytest.mark.usefixtures("_worker_connections_closed")
async def test_a_held_reply_is_not_announced_to_readers(open_question):
    newcomer = await new_member(profile__approved_posts=0)
    regular = await new_member()

    async with reading(open_question) as page:
        held = await post_reply(topic=open_question, author=newcomer, body="First post, hi all!")
        published = await post_reply(topic=open_question, author=regular, body="Use bulk API 2.0.")
        event = await next_event(page)

    assert held.visibility == Visibility.HELD
    # The first thing readers hear of is the published reply: the held one went unannounced.
    assert event["reply_id"] == published.pk
    assert event["number"] == 2
    assert event["reply_count"] == 1


@live_db
@pytest.mark.usefixtures("_worker_connections_closed")
async def test_readers_of_another_topic_hear_nothing_of_this_one(open_question):
    other_topic = await database_sync_to_async(TopicFactory)(category=open_question.category)
    author = await new_member()

    async with reading(other_topic) as other_page:
        await post_reply(topic=open_question, author=author, body="Over here, in the question.")
        reply = await post_reply(topic=other_topic, author=author, body="And here, elsewhere.")
        event = await next_event(other_page)

    assert event["reply_id"] == reply.pk


@live_db
@pytest.mark.usefixtures("_worker_connections_closed")
async def test_what_a_reader_sends_is_ignored_and_the_page_stays_live(open_question):
    author = await new_member()

    async with reading(open_question) as page:
        await page.send_to(text_data="not json at all")
        await page.send_to(bytes_data=b"\x00\x01")
        await page.send_json_to({"action": "mark_all_read"})
        reply = await post_reply(topic=open_question, author=author, body="Still live here.")
        event = await next_event(page)

    assert event["type"] == "reply"
    assert event["reply_id"] == reply.pk


@live_db
@pytest.mark.usefixtures("_worker_connections_closed")
async def test_readers_hear_the_new_kudos_count(open_question):
    author = await new_member()
    reply = await post_reply(topic=open_question, author=author, body="Check the API limits.")
    givers = [await new_member(), await new_member()]

    async with reading(open_question) as page:
        await toggle_kudos(member=givers[0], topic=open_question)
        on_topic = await next_event(page)
        await toggle_kudos(member=givers[0], reply=reply)
        await toggle_kudos(member=givers[1], reply=reply)
        on_reply = [await next_event(page), await next_event(page)]
        await toggle_kudos(member=givers[0], reply=reply)  # taken back
        taken_back = await next_event(page)

    assert on_topic == {
        "type": "kudos",
        "post": "topic",
        "post_id": open_question.pk,
        "count": 1,
    }
    assert [(event["post"], event["post_id"], event["count"]) for event in on_reply] == [
        ("reply", reply.pk, 1),
        ("reply", reply.pk, 2),
    ]
    assert taken_back["count"] == 1


@live_db
@pytest.mark.usefixtures("_worker_connections_closed")
async def test_a_reader_who_cannot_open_the_topic_is_refused(partners_only_topic):
    customer = await new_member()
    partner = await database_sync_to_async(PartnerFactory)()

    assert not await may_read_live(partners_only_topic)
    assert not await may_read_live(partners_only_topic, customer)
    assert await may_read_live(partners_only_topic, partner)


@live_db
@pytest.mark.usefixtures("_worker_connections_closed")
async def test_a_held_topic_is_live_only_for_its_author(open_question):
    newcomer = await new_member(profile__approved_posts=0)
    held = await database_sync_to_async(TopicFactory)(
        category=open_question.category, author=newcomer
    )

    assert held.visibility == Visibility.HELD
    assert not await may_read_live(held)
    assert not await may_read_live(held, await new_member())
    assert await may_read_live(held, newcomer)


@live_db
@pytest.mark.usefixtures("_worker_connections_closed")
async def test_a_topic_that_does_not_exist_is_refused(open_question):
    assert not await may_read_live(type(open_question)(pk=open_question.pk + 1000))


@live_db
@pytest.mark.usefixtures("_worker_connections_closed")
async def test_a_banned_readers_topic_page_goes_quiet(open_question):
    reader, other = await new_member(), await new_member()
    manager = await database_sync_to_async(CommunityManagerFactory)()

    async with reading(open_question, reader) as page, reading(open_question, other) as others:
        await database_sync_to_async(moderation.ban)(
            member=reader, moderator=manager, reason="Spam links in every reply."
        )
        closed = await page.receive_output(timeout=TIMEOUT)
        reply = await post_reply(topic=open_question, author=manager, body="Cleaned up, thanks.")
        still_live = await next_event(others)

    assert closed == {"type": "websocket.close", "code": CLOSE_NOT_ALLOWED}
    assert still_live["reply_id"] == reply.pk


# --- Fetching the new replies (`replies_after`) -------------------------------------------


def replies_after(client, topic, after) -> object:
    url = reverse("forums:replies_after", kwargs={"pk": topic.pk})
    return client.get(url, {"after": after} if after is not None else {})


manager = member_fixture(CommunityManagerFactory)


def signed_in(client, member):
    client.force_login(member)
    return client


@pytest.mark.django_db
def test_replies_after_returns_the_new_replies(client, open_question):
    replier = CustomerFactory()
    bodies = [
        "We score webinar attendance with a smart list.",
        "Registered-but-absent gets five points for us.",
        "We also decay the score after thirty days.",
    ]
    for body in bodies:
        ReplyFactory(topic=open_question, author=replier, body=body)

    response = replies_after(signed_in(client, CustomerFactory()), open_question, 1)

    assert response.status_code == 200
    html = response.content.decode()
    assert bodies[0] not in html
    assert bodies[1] in html and bodies[2] in html
    assert 'id="reply-2"' in html and 'id="reply-3"' in html
    assert response["X-Last-Reply-Number"] == "3"


@pytest.mark.django_db
def test_replies_after_the_last_one_is_empty(client, open_question):
    ReplyFactory(topic=open_question, body="The only answer so far.")

    response = replies_after(client, open_question, 1)

    assert response.status_code == 200
    assert "reply-1" not in response.content.decode()
    assert response["X-Last-Reply-Number"] == "1"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "after", [None, "", "abc", "-1", "1.5", " 1", "0x10", "١", "9" * 12], ids=repr
)
def test_replies_after_a_bad_number_is_refused(client, open_question, after):
    response = replies_after(client, open_question, after)

    assert response.status_code == 400


@pytest.mark.django_db
def test_replies_after_in_a_topic_the_viewer_cannot_open_is_not_found(client, partners_only_topic):
    ReplyFactory(
        topic=partners_only_topic, author=PartnerFactory(), body="Partner pricing details."
    )

    assert (
        replies_after(signed_in(client, CustomerFactory()), partners_only_topic, 0).status_code
        == 404
    )


@pytest.mark.django_db
def test_a_hidden_reply_is_fetched_only_by_its_author_and_managers(client, open_question, manager):
    author = CustomerFactory()
    hidden = ReplyFactory(topic=open_question, author=author, body="Buy cheap followers here.")
    ReplyFactory(topic=open_question, body="Attendance scoring works for us.")
    moderation.hide(item=hidden, moderator=manager, reason="Spam")

    for viewer in (None, CustomerFactory(), open_question.author):
        if viewer is not None:
            client.force_login(viewer)
        html = replies_after(client, open_question, 0).content.decode()
        assert "Buy cheap followers" not in html, viewer
        assert "Attendance scoring works for us." in html
    for viewer in (author, manager):
        client.force_login(viewer)
        assert "Buy cheap followers" in replies_after(client, open_question, 0).content.decode()


@pytest.mark.django_db
def test_a_held_reply_is_fetched_only_by_its_author_and_managers(client, open_question, manager):
    newcomer = CustomerFactory(profile__approved_posts=0)
    held = ReplyFactory(topic=open_question, author=newcomer, body="My first post: hello everyone!")
    assert held.visibility == Visibility.HELD

    assert "My first post" not in replies_after(client, open_question, 0).content.decode()
    client.force_login(CustomerFactory())
    assert "My first post" not in replies_after(client, open_question, 0).content.decode()
    client.force_login(newcomer)
    assert "My first post" in replies_after(client, open_question, 0).content.decode()
    client.force_login(manager)
    assert "My first post" in replies_after(client, open_question, 0).content.decode()


# Fetching new replies costs the same whatever their number: the session, the member and their
# groups, the topic and its tags, the replies (with authors, quotes and the reader's kudos), their
# authors' groups, and moving the reader's read position (an update, or an insert the first time).
REPLIES_AFTER_BUDGET = 9


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 60])
def test_fetching_new_replies_costs_the_same_whatever_their_number(
    client, open_question, django_assert_max_num_queries, count
):
    authors = [CustomerFactory(), PartnerFactory(), CustomerFactory()]
    seed_replies(topic=open_question, authors=authors, count=count)
    ReplyFactory(topic=open_question, author=authors[0], body="The reply being quoted.")
    quoting = ReplyFactory.build(topic=open_question, author=authors[1])
    services.post_reply(
        topic=open_question,
        author=authors[1],
        body=quoting.body_source,
        quoted=open_question.replies.order_by("-number").first(),
    )
    services.toggle_kudos(member=authors[2], reply=open_question.replies.first())
    reader = CustomerFactory()
    client.force_login(reader)

    with django_assert_max_num_queries(REPLIES_AFTER_BUDGET):
        response = replies_after(client, open_question, 0)

    assert response.status_code == 200
    assert response.content.decode().count('class="reply-list__item"') == min(count + 2, 20)
