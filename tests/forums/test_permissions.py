"""Who may do what in the forums: a role × action table, then the same rules seen through the pages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from forums import permissions
from forums.models import Kudos, Reply, Topic
from tests.factories import (
    CommunityManagerFactory,
    CustomerFactory,
    EmployerFactory,
    PartnerFactory,
)
from tests.factories.forums import ReplyFactory, TopicFactory
from tests.forums.addresses import new_topic_url, reply_url

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "customer", "partner", "employer", "community_manager", "suspended"]
MEMBER_ROLES = ["customer", "partner", "employer", "community_manager"]


@pytest.fixture
def someone(request, suspended_member):
    """A visitor in the role named by the test's parameter (None for an anonymous visitor)."""
    role = request.param
    return {
        "anonymous": lambda: None,
        "customer": CustomerFactory,
        "partner": PartnerFactory,
        "employer": EmployerFactory,
        "community_manager": CommunityManagerFactory,
        "suspended": lambda: suspended_member,
    }[role]()


def _as_user(someone):
    return someone if someone is not None else AnonymousUser()


def _allowed(check) -> bool:
    try:
        check()
    except PermissionDenied:
        return False
    return True


# --- The table ---------------------------------------------------------------------------

# role -> (start a topic, reply to an open topic, reply to a locked topic,
#          edit another member's post, accept a solution to another member's question,
#          give kudos to another member's post)
EXPECTED = {
    "anonymous": (False, False, False, False, False, False),
    "customer": (True, True, False, False, False, True),
    "partner": (True, True, False, False, False, True),
    "employer": (True, True, False, False, False, True),
    "community_manager": (True, True, True, True, True, True),
    "suspended": (False, False, False, False, False, False),
}


@pytest.mark.parametrize(("someone", "expected"), EXPECTED.items(), indirect=["someone"])
def test_what_each_role_may_do(someone, expected, question):
    user = _as_user(someone)
    locked = TopicFactory(category=question.category, is_locked=True)

    actual = (
        _allowed(lambda: permissions.ensure_can_post(user)),
        _allowed(lambda: permissions.ensure_can_reply(user, question)),
        _allowed(lambda: permissions.ensure_can_reply(user, locked)),
        _allowed(lambda: permissions.ensure_can_edit(user, question)),
        _allowed(lambda: permissions.ensure_can_accept_solution(user, question)),
        _allowed(lambda: permissions.ensure_can_give_kudos(user, question)),
    )

    assert actual == expected


def test_author_may_edit_their_post_and_accept_a_solution_to_their_question(question, asker):
    assert _allowed(lambda: permissions.ensure_can_edit(asker, question))
    assert _allowed(lambda: permissions.ensure_can_accept_solution(asker, question))


def test_you_cannot_give_kudos_to_your_own_post(question, asker):
    with pytest.raises(PermissionDenied, match="your own post"):
        permissions.ensure_can_give_kudos(asker, question)


def test_discussions_have_no_solution_to_accept(category, asker):
    discussion = TopicFactory(category=category, author=asker, kind=Topic.Kind.DISCUSSION)

    with pytest.raises(PermissionDenied, match="Only questions"):
        permissions.ensure_can_accept_solution(asker, discussion)


def test_suspension_that_has_ended_lets_the_member_post_again(suspended_member):
    suspended_member.profile.suspended_until = None
    suspended_member.profile.save()

    permissions.ensure_can_post(suspended_member)


def test_suspended_member_is_told_until_when(suspended_member):
    with pytest.raises(PermissionDenied, match="suspended until"):
        permissions.ensure_can_post(suspended_member)


# --- Reading -----------------------------------------------------------------------------


@pytest.mark.parametrize("someone", ROLES, indirect=True)
def test_everyone_reads_public_categories_and_topics(client, someone, question):
    if someone is not None:
        client.force_login(someone)

    category_page = client.get(question.category.url)
    topic_page = client.get(question.get_absolute_url())

    assert category_page.status_code == 200
    assert question.title in category_page.content.decode()
    assert topic_page.status_code == 200
    assert question.title in topic_page.content.decode()


# --- Anonymous visitors ------------------------------------------------------------------


def _login_redirect(response) -> str:
    assert response.status_code == 302
    return response["Location"]


def test_anonymous_visitor_is_sent_to_sign_in_to_start_a_topic(client, category):
    new_topic = new_topic_url(category)

    on_get = client.get(new_topic)
    on_post = client.post(
        new_topic,
        {"kind": "question", "title": "A question from nowhere", "body": "Who am I?"},
    )
    anywhere = client.get(reverse("forums:new_topic"))

    assert _login_redirect(on_get).startswith(reverse("account_login"))
    assert _login_redirect(on_post).startswith(reverse("account_login"))
    assert _login_redirect(anywhere).startswith(reverse("account_login"))
    assert not Topic.objects.filter(title="A question from nowhere").exists()


def test_anonymous_visitor_is_sent_to_sign_in_to_reply(client, question):
    response = client.post(reply_url(question), {"body": "Hello there"})

    assert _login_redirect(response).startswith(reverse("account_login"))
    assert not Reply.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in_to_give_kudos(client, question):
    url = reverse("forums:topic_kudos", kwargs={"pk": question.pk})

    as_page = client.post(url)
    as_script = client.post(url, headers={"Accept": "application/json"})

    assert _login_redirect(as_page).startswith(reverse("account_login"))
    assert as_script.status_code == 401
    assert not Kudos.objects.exists()


# --- Members posting ---------------------------------------------------------------------


@pytest.mark.parametrize("someone", MEMBER_ROLES, indirect=True)
def test_members_start_topics_and_reply(client, someone, category, question):
    client.force_login(someone)

    started = client.post(
        new_topic_url(category),
        {
            "kind": "question",
            "title": "How do you warm up a new sending domain?",
            "body": "We're moving to a dedicated IP next month.",
            "tags": "deliverability",
        },
    )
    replied = client.post(
        reply_url(question), {"body": "We segment by engagement and ramp over four weeks."}
    )

    topic = Topic.objects.get(title="How do you warm up a new sending domain?")
    assert topic.author == someone
    assert started.status_code == 302
    assert started["Location"] == topic.get_absolute_url()
    reply = Reply.objects.get(topic=question)
    assert reply.author == someone
    assert replied.status_code == 302
    assert replied["Location"] == f"{question.get_absolute_url()}?page=1#reply-1"


def test_suspended_member_cannot_start_a_topic(client, suspended_member, category):
    client.force_login(suspended_member)

    response = client.post(
        new_topic_url(category),
        {"kind": "question", "title": "Posting while suspended", "body": "Can I post?"},
    )

    assert response.status_code == 403
    assert "suspended" in response.content.decode()
    assert not Topic.objects.filter(title="Posting while suspended").exists()


def test_suspended_member_cannot_reply(client, suspended_member, question):
    client.force_login(suspended_member)

    response = client.post(reply_url(question), {"body": "Still here!"})

    assert response.status_code == 403
    assert "suspended" in response.content.decode()
    assert not Reply.objects.exists()
    question.refresh_from_db()
    assert question.reply_count == 0


def test_suspended_member_cannot_give_kudos(client, suspended_member, question):
    client.force_login(suspended_member)
    url = reverse("forums:topic_kudos", kwargs={"pk": question.pk})

    as_script = client.post(url, headers={"Accept": "application/json"})
    as_page = client.post(url, follow=True)

    assert as_script.status_code == 403
    assert "suspended" in as_script.json()["error"]
    assert "suspended" in as_page.content.decode()
    assert not Kudos.objects.exists()
    question.refresh_from_db()
    assert question.kudos_count == 0


# --- Locked topics -----------------------------------------------------------------------


def test_locked_topic_takes_no_replies_from_members(client, customer, category):
    locked = TopicFactory(category=category, is_locked=True)
    client.force_login(customer)

    response = client.post(reply_url(locked), {"body": "Let me add one thing"})

    assert response.status_code == 403
    assert "locked" in response.content.decode()
    assert not Reply.objects.filter(topic=locked).exists()


def test_community_manager_replies_to_a_locked_topic(client, community_manager, category):
    locked = TopicFactory(category=category, is_locked=True)
    client.force_login(community_manager)

    response = client.post(reply_url(locked), {"body": "Locking this: the fix shipped in 4.2."})

    assert response.status_code == 302
    assert Reply.objects.filter(topic=locked, author=community_manager).exists()


# --- Editing and solutions ---------------------------------------------------------------

EDIT = {"title": "How do I score leads from webinar replays?", "body": "Replays too, please."}


def test_another_member_cannot_edit_a_topic(client, customer, question):
    client.force_login(customer)

    response = client.post(reverse("forums:edit_topic", kwargs={"pk": question.pk}), EDIT)

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == "How do I score leads from webinar attendance?"
    assert not question.revisions.exists()


@pytest.mark.parametrize("editor", ["author", "community_manager"])
def test_author_or_community_manager_edits_a_topic(client, question, community_manager, editor):
    client.force_login(question.author if editor == "author" else community_manager)

    response = client.post(reverse("forums:edit_topic", kwargs={"pk": question.pk}), EDIT)

    question.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert question.title == EDIT["title"]


def test_another_member_cannot_edit_or_delete_a_reply(client, customer, question):
    reply = ReplyFactory(topic=question, body="Use a smart list per webinar.")
    client.force_login(customer)

    edited = client.post(
        reverse("forums:edit_reply", kwargs={"pk": reply.pk}), {"body": "Vandalised"}
    )
    deleted = client.post(reverse("forums:delete_reply", kwargs={"pk": reply.pk}))

    reply.refresh_from_db()
    assert edited.status_code == deleted.status_code == 302
    assert reply.body_source == "Use a smart list per webinar."
    assert not reply.is_deleted


@pytest.mark.parametrize("editor", ["author", "community_manager"])
def test_author_or_community_manager_edits_a_reply(client, question, community_manager, editor):
    reply = ReplyFactory(topic=question, body="Use a smart list per webinar.")
    client.force_login(reply.author if editor == "author" else community_manager)

    client.post(
        reverse("forums:edit_reply", kwargs={"pk": reply.pk}),
        {"body": "Use one smart list per webinar series."},
    )

    reply.refresh_from_db()
    assert reply.body_source == "Use one smart list per webinar series."


def test_only_the_asker_or_a_manager_accepts_a_solution(client, question, community_manager):
    answer = ReplyFactory(topic=question)
    bystander = CustomerFactory()
    url = reverse("forums:accept_solution", kwargs={"pk": answer.pk})

    for outsider in (bystander, answer.author):
        client.force_login(outsider)
        client.post(url)
        question.refresh_from_db()
        assert question.solution is None

    client.force_login(community_manager)
    client.post(url)
    question.refresh_from_db()
    assert question.solution == answer


def test_member_cannot_give_kudos_to_their_own_post(client, question):
    own_reply = ReplyFactory(topic=question)
    client.force_login(own_reply.author)

    response = client.post(
        reverse("forums:reply_kudos", kwargs={"pk": own_reply.pk}),
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 403
    assert response.json() == {"error": "You can't give kudos to your own post."}
    assert not Kudos.objects.exists()
