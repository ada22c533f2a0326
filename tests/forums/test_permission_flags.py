"""What the topic page offers each viewer: the boolean twins of the permission rules, the flags
the thread carries for every post, and the controls the page draws from them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from forums import permissions, selectors, services
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory, TopicFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "customer", "partner", "community_manager", "suspended", "banned"]


@pytest.fixture
def someone(request, suspended_member, banned_member):
    return {
        "anonymous": AnonymousUser,
        "customer": CustomerFactory,
        "partner": PartnerFactory,
        "community_manager": CommunityManagerFactory,
        "suspended": lambda: suspended_member,
        "banned": lambda: banned_member,
    }[request.param]()


def _allowed(ensure, *args) -> bool:
    try:
        ensure(*args)
    except PermissionDenied:
        return False
    return True


def _suspend(member) -> None:
    member.profile.suspended_until = timezone.now() + timedelta(days=3)
    member.profile.save(update_fields=["suspended_until"])


# --- The twins ---------------------------------------------------------------------------


@pytest.mark.parametrize("someone", ROLES, indirect=True)
def test_each_twin_answers_as_its_rule_does(someone, question, asker):
    locked = TopicFactory(category=question.category, is_locked=True)
    others_reply = ReplyFactory(topic=question)
    own_reply = ReplyFactory(topic=question, author=asker)
    pairs = [
        (permissions.can_post, permissions.ensure_can_post, (someone,)),
        (permissions.can_reply, permissions.ensure_can_reply, (someone, question)),
        (permissions.can_reply, permissions.ensure_can_reply, (someone, locked)),
        (permissions.can_edit, permissions.ensure_can_edit, (someone, question)),
        (permissions.can_edit, permissions.ensure_can_edit, (someone, others_reply)),
        (permissions.can_edit, permissions.ensure_can_edit, (someone, own_reply)),
        (
            permissions.can_accept_solution,
            permissions.ensure_can_accept_solution,
            (someone, question),
        ),
        (permissions.can_give_kudos, permissions.ensure_can_give_kudos, (someone, question)),
        (permissions.can_give_kudos, permissions.ensure_can_give_kudos, (someone, others_reply)),
    ]

    for twin, rule, args in pairs:
        assert twin(*args) == _allowed(rule, *args), (twin.__name__, args)


def test_author_may_edit_their_post_and_accept_on_their_question(question, asker):
    assert permissions.can_edit(asker, question)
    assert permissions.can_accept_solution(asker, question)


def test_suspended_author_may_neither_edit_nor_accept(question, asker):
    _suspend(asker)

    assert not permissions.can_edit(asker, question)
    assert not permissions.can_accept_solution(asker, question)


def test_nobody_may_edit_a_deleted_reply(question, community_manager):
    reply = ReplyFactory(topic=question)
    services.delete_reply(reply=reply, member=reply.author)
    reply.refresh_from_db()

    assert not permissions.can_edit(reply.author, reply)
    assert not permissions.can_edit(community_manager, reply)


def test_report_is_offered_on_others_posts_to_signed_in_members(question, asker, customer):
    assert permissions.can_report(customer, question)
    assert not permissions.can_report(asker, question)
    assert not permissions.can_report(AnonymousUser(), question)


# --- The flags a thread carries ----------------------------------------------------------


@pytest.fixture
def answered(question, asker):
    """The question with a reply from someone else and one from the asker."""
    return question, ReplyFactory(topic=question), ReplyFactory(topic=question, author=asker)


def _flags(viewer, topic):
    thread = selectors.topic_thread(viewer=viewer, topic=topic, page=1)
    posts = [thread.topic, *thread.replies]
    return thread, [(post.may_edit, post.may_report) for post in posts]


def test_asker_may_edit_their_own_posts_accept_and_report_others(answered, asker):
    question, _, _ = answered

    thread, flags = _flags(asker, question)

    assert flags == [(True, False), (False, True), (True, False)]
    assert thread.may_accept and thread.may_reply and not thread.may_moderate
    assert [reply.may_accept for reply in thread.replies] == [True, True]


def test_another_member_may_only_report(answered, customer):
    question, _, _ = answered

    thread, flags = _flags(customer, question)

    assert flags == [(False, True), (False, True), (False, True)]
    assert not thread.may_accept and thread.may_reply and not thread.may_moderate
    assert [reply.may_accept for reply in thread.replies] == [False, False]


def test_community_manager_may_edit_accept_and_manage_everything(answered, community_manager):
    question, _, _ = answered

    thread, flags = _flags(community_manager, question)

    assert flags == [(True, True), (True, True), (True, True)]
    assert thread.may_accept and thread.may_reply and thread.may_moderate


def test_anonymous_visitor_may_do_nothing(answered):
    question, _, _ = answered

    thread, flags = _flags(AnonymousUser(), question)

    assert flags == [(False, False)] * 3
    assert not (thread.may_accept or thread.may_reply or thread.may_moderate)


def test_suspended_asker_keeps_only_what_reading_allows(answered, asker):
    question, _, _ = answered
    _suspend(asker)

    thread, flags = _flags(asker, question)

    assert flags == [(False, False), (False, True), (False, False)]
    assert not (thread.may_accept or thread.may_reply)
    assert [reply.may_accept for reply in thread.replies] == [False, False]


def test_live_replies_carry_the_same_flags(answered, asker):
    question, _, _ = answered

    thread = selectors.replies_after(viewer=asker, topic=question, after=0)

    assert [(reply.may_edit, reply.may_accept) for reply in thread.replies] == [
        (False, True),
        (True, True),
    ]


# --- What the page shows -----------------------------------------------------------------


def _page(client, member, topic) -> str:
    client.force_login(member)
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_asker_sees_edit_and_accept_controls(client, answered, asker):
    question, others_reply, own_reply = answered

    page = _page(client, asker, question)

    assert reverse("forums:edit_topic", kwargs={"pk": question.pk}) in page
    assert reverse("forums:edit_reply", kwargs={"pk": own_reply.pk}) in page
    assert reverse("forums:accept_solution", kwargs={"pk": others_reply.pk}) in page
    assert "Did a reply solve your question?" in page


def test_suspended_member_sees_no_edit_or_accept_controls(client, answered, asker):
    question, others_reply, own_reply = answered
    _suspend(asker)

    page = _page(client, asker, question)

    assert reverse("forums:edit_topic", kwargs={"pk": question.pk}) not in page
    assert reverse("forums:edit_reply", kwargs={"pk": own_reply.pk}) not in page
    assert reverse("forums:delete_reply", kwargs={"pk": own_reply.pk}) not in page
    assert reverse("forums:accept_solution", kwargs={"pk": others_reply.pk}) not in page
    assert "Did a reply solve your question?" not in page


def test_member_sees_report_links_but_no_owner_controls(client, answered, customer):
    question, others_reply, _ = answered

    page = _page(client, customer, question)

    assert reverse("moderation:report", args=["topic", question.pk]) in page
    assert reverse("moderation:report", args=["reply", others_reply.pk]) in page
    assert reverse("forums:edit_topic", kwargs={"pk": question.pk}) not in page
    assert reverse("forums:edit_reply", kwargs={"pk": others_reply.pk}) not in page
    assert reverse("forums:accept_solution", kwargs={"pk": others_reply.pk}) not in page


def test_community_manager_sees_the_manage_menu_and_replies_to_a_locked_topic(
    client, category, community_manager
):
    locked = TopicFactory(category=category, is_locked=True)

    page = _page(client, community_manager, locked)

    assert reverse("forums:lock_topic", kwargs={"pk": locked.pk}) in page
    assert reverse("forums:post_reply", kwargs={"pk": locked.pk}) in page
    assert "As a community manager you can still reply." in page


def test_member_sees_the_locked_notice_instead_of_the_reply_form(client, category, customer):
    locked = TopicFactory(category=category, is_locked=True)

    page = _page(client, customer, locked)

    assert "This topic is locked" in page
    assert reverse("forums:post_reply", kwargs={"pk": locked.pk}) not in page
    assert reverse("forums:lock_topic", kwargs={"pk": locked.pk}) not in page
