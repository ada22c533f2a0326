"""Hidden, held and removed posts never surface where other members look: listings under every
sort and filter, tag pages, profiles, tag suggestions, popular tags and reply links."""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from community.members.models import Audience, Country, Industry
from community.moderation import services as moderation
from forums import selectors
from forums import services as forums
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.forums import ReplyFactory, TopicFactory
from tests.forums.addresses import reply_permalink, tag_url

pytestmark = pytest.mark.django_db

# Every combination a member can pick on a listing; each one would list at least one unseen topic
# if visibility were ignored (they are all questions, tagged, in the viewer's segment).
LISTING_QUERIES = [
    "",
    "?sort=activity",
    "?sort=newest",
    "?sort=kudos",
    "?sort=unanswered",
    "?state=solved",
    "?state=unsolved",
    "?segment=industry",
    "?segment=region",
    "?segment=b2b",
    "?segment=b2c",
    "?tag=deliverability",
    "?sort=newest&state=solved&segment=industry&tag=deliverability",
    "?sort=kudos&state=unsolved&segment=region",
    "?sort=unanswered&segment=b2c&tag=deliverability",
]


@pytest.fixture
def segment(db):
    return {
        "profile__industry": Industry.objects.order_by("sort_order").first(),
        "profile__country": Country.objects.get(code="DE"),
        "profile__audience": Audience.BOTH,
    }


@pytest.fixture
def viewer(segment):
    return CustomerFactory(display_name="Vera Viewer", **segment)


@pytest.fixture
def forum(category, segment):
    """Published posts (titles start "Visible") next to hidden, held and removed ones ("Unseen")."""
    manager = CommunityManagerFactory()
    writer = CustomerFactory(display_name="Walter Writer", **segment)
    newcomer = CustomerFactory(display_name="Nina Newcomer", profile__approved_posts=0, **segment)
    regular = CustomerFactory(**segment)
    helper = CustomerFactory(**segment)

    def question(author, title, *tags):
        return TopicFactory(
            category=category, author=author, title=title, tags=["deliverability", *tags]
        )

    def solve(topic):
        answer = ReplyFactory(topic=topic, author=helper, body=f"Answer to “{topic.title}”.")
        forums.accept_solution(topic=topic, reply=answer, member=topic.author)
        forums.toggle_kudos(member=helper, topic=topic)

    visible_solved = question(regular, "Visible solved question")
    solve(visible_solved)
    visible_open = question(regular, "Visible open question")

    hidden_solved = question(writer, "Unseen hidden solved question", "unseen-hidden")
    solve(hidden_solved)
    hidden_open = question(writer, "Unseen hidden open question")
    deleted_solved = question(writer, "Unseen removed solved question", "unseen-removed")
    solve(deleted_solved)
    deleted_open = question(writer, "Unseen removed open question")
    held_open = question(newcomer, "Unseen held open question", "unseen-held")
    for topic in (hidden_solved, hidden_open):
        moderation.hide(item=topic, moderator=manager, reason="Spam")
    for topic in (deleted_solved, deleted_open):
        moderation.delete(item=topic, moderator=manager, reason="Spam")

    writer_reply = ReplyFactory(topic=visible_solved, author=writer, body="Visible reply by Walter")
    hidden_reply = ReplyFactory(topic=visible_solved, author=writer, body="Unseen hidden reply")
    deleted_reply = ReplyFactory(topic=visible_solved, author=writer, body="Unseen removed reply")
    held_reply = ReplyFactory(topic=visible_solved, author=newcomer, body="Unseen held reply")
    moderation.hide(item=hidden_reply, moderator=manager, reason="Spam")
    moderation.delete(item=deleted_reply, moderator=manager, reason="Spam")

    return SimpleNamespace(
        category=category,
        writer=writer,
        newcomer=newcomer,
        visible_solved=visible_solved,
        visible_open=visible_open,
        writer_reply=writer_reply,
        unseen_topics=[hidden_solved, hidden_open, deleted_solved, deleted_open, held_open],
        unseen_replies={"hidden": hidden_reply, "removed": deleted_reply, "held": held_reply},
    )


def listing_pages(forum) -> dict[str, str]:
    return {
        "forums index": "/forums/",
        "category": forum.category.url,
        "tag page": tag_url("deliverability"),
    }


@pytest.mark.parametrize("page", ["forums index", "category", "tag page"])
@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "anonymous"])
def test_listings_never_show_unseen_topics_under_any_sort_or_filter(
    client, forum, viewer, page, signed_in
):
    if signed_in:
        client.force_login(viewer)
    base = listing_pages(forum)[page]
    for query in LISTING_QUERIES:
        if not signed_in and ("segment=industry" in query or "segment=region" in query):
            continue  # "my industry" and "my region" need a member
        response = client.get(base + query)
        assert response.status_code == 200, query
        html = response.content.decode()
        assert "Visible" in html, f"{base}{query} lists nothing, so it proves nothing"
        assert "Unseen" not in html, f"{base}{query} lists a hidden, held or removed topic"


def test_a_managers_listing_does_show_them(client, forum):
    """The check above can fail: the same listing shows the unseen topics to a manager."""
    client.force_login(CommunityManagerFactory())

    assertContains(client.get(forum.category.url), "Unseen hidden open question")


def test_the_thread_never_shows_unseen_replies_to_others(client, forum, viewer):
    client.force_login(viewer)

    response = client.get(forum.visible_solved.get_absolute_url())

    assertContains(response, "Visible reply by Walter")
    assertNotContains(response, "Unseen")


@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "anonymous"])
def test_a_members_profile_never_lists_their_unseen_topics_or_replies(
    client, forum, viewer, signed_in
):
    if signed_in:
        client.force_login(viewer)

    profiles = {
        author: client.get(author.get_absolute_url()).content.decode()
        for author in (forum.writer, forum.newcomer)
    }

    assert not [author for author, html in profiles.items() if "Unseen" in html]
    leaked = [
        state
        for state, reply in forum.unseen_replies.items()
        if reply_permalink(reply) in profiles[reply.author]
    ]
    assert leaked == []
    assert reply_permalink(forum.writer_reply) in profiles[forum.writer]


def test_member_activity_leaves_out_unseen_replies(forum, viewer):
    listed = [
        reply
        for author in (forum.writer, forum.newcomer)
        for reply in selectors.member_activity(author, viewer=viewer)["replies"]
    ]

    assert forum.writer_reply in listed
    shown = [state for state, reply in forum.unseen_replies.items() if reply in listed]
    assert shown == []


def test_tag_suggestions_leave_out_tags_only_unseen_topics_carry(client, forum, viewer):
    client.force_login(viewer)
    url = reverse("forums:suggest_tags")

    assert client.get(url, {"q": "deliv"}).json() == {"tags": ["deliverability"]}
    assert client.get(url, {"q": "unseen"}).json() == {"tags": []}


def test_popular_tags_leave_out_tags_only_unseen_topics_carry(client, forum):
    names = [tag.name for tag in selectors.popular_tags()]

    assert "deliverability" in names
    assert not [name for name in names if name.startswith("unseen")]
    assertNotContains(client.get("/forums/"), "unseen-")


@pytest.mark.parametrize("tag", ["unseen-hidden", "unseen-removed", "unseen-held"])
def test_a_tag_only_unseen_topics_carry_has_no_page(client, forum, viewer, tag):
    client.force_login(viewer)

    assert client.get(tag_url(tag)).status_code == 404


@pytest.mark.parametrize("state", ["hidden", "removed", "held"])
def test_an_unseen_replys_permalink_is_not_found_for_others(client, forum, viewer, state):
    reply = forum.unseen_replies[state]
    client.force_login(viewer)

    assert client.get(reply_permalink(reply)).status_code == 404
    client.logout()
    assert client.get(reply_permalink(reply)).status_code == 404
    client.force_login(reply.author)
    assert client.get(reply_permalink(reply)).status_code == 302


def test_replies_inside_an_unseen_topic_are_not_found_for_others(client, forum, viewer):
    hidden_topic = forum.unseen_topics[0]
    hidden_topic.refresh_from_db()
    in_hidden_topic = hidden_topic.solution
    assert in_hidden_topic is not None
    client.force_login(viewer)

    assert client.get(reply_permalink(in_hidden_topic)).status_code == 404


@pytest.mark.parametrize("index", range(5))
def test_an_unseen_topic_is_not_found_for_others(client, forum, viewer, index):
    topic = forum.unseen_topics[index]
    client.force_login(viewer)

    assert client.get(topic.get_absolute_url()).status_code == 404


# --- Traces a hidden or held reply leaves on its topic's row ----------------------------


def test_a_hidden_last_reply_no_longer_names_its_author_in_the_listing(
    client, question, community_manager
):
    spammer = CustomerFactory(display_name="Sam Spammer")
    ReplyFactory(topic=question, body="Helpful answer about lead scoring.")
    spam = ReplyFactory(topic=question, author=spammer, body="Cheap followers, DM me.")
    client.force_login(CustomerFactory())
    assertContains(client.get(question.category.url), "Sam Spammer")

    moderation.hide(item=spam, moderator=community_manager, reason="Spam")

    assertNotContains(client.get(question.category.url), "Sam Spammer")


def test_a_held_reply_does_not_show_as_new_to_other_readers(client, question, newcomer):
    ReplyFactory(topic=question, body="Helpful answer about lead scoring.")
    reader = CustomerFactory()
    client.force_login(reader)
    client.get(question.get_absolute_url())
    assertNotContains(client.get(question.category.url), "1 new")

    ReplyFactory(topic=question, author=newcomer, body="Held for review, not public yet.")

    assertNotContains(client.get(question.category.url), "1 new")
