"""Who may take part and who may moderate: a role × action table, checked on the services and
then through the pages."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from community.moderation import services as moderation
from community.moderation.models import ModerationAction, Report
from forums import services as forums
from forums.models import Kudos, Reply, Topic
from tests.factories import (
    CommunityManagerFactory,
    CustomerFactory,
    EmployerFactory,
    PartnerFactory,
)
from tests.factories.forums import ReplyFactory, TopicFactory
from tests.factories.members import member_fixture

from .support import TAKING_PART, take_part

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "customer", "partner", "employer", "community_manager", "suspended", "banned"]
MODERATING = [
    "hide",
    "restore",
    "delete",
    "approve",
    "reject",
    "warn",
    "suspend",
    "ban",
    "mark_spammer",
]
MAY_POST = {"customer", "partner", "employer", "community_manager"}
MAY_MODERATE = {"community_manager"}
REASON = "Breaks the community guidelines."


@pytest.fixture
def someone(suspended_member, banned_member):
    """someone(role): a visitor in that role."""
    return lambda role: {
        "anonymous": AnonymousUser,
        "customer": CustomerFactory,
        "partner": PartnerFactory,
        "employer": EmployerFactory,
        "community_manager": CommunityManagerFactory,
        "suspended": lambda: suspended_member,
        "banned": lambda: banned_member,
    }[role]()


# The manager who prepares targets (hides a reply so it can be restored).
setup_manager = member_fixture(CommunityManagerFactory)


@pytest.fixture
def attempts(category, question, setup_manager):
    """Each action as a call by `user`, on a fresh target of its own."""

    def hidden_reply():
        reply = ReplyFactory(topic=question)
        moderation.hide(item=reply, moderator=setup_manager, reason="Spam")
        return reply

    def held_topic():
        return TopicFactory(category=category, author=CustomerFactory(profile__approved_posts=0))

    until = timezone.now() + timedelta(days=3)
    return {
        "create topic": lambda user: forums.create_topic(
            category=category, author=user, title="Lead scoring for events", body="Any tips?"
        ),
        "reply": lambda user: forums.post_reply(topic=question, author=user, body="Tips below."),
        "kudos": lambda user: forums.toggle_kudos(member=user, topic=question),
        "report": lambda user: moderation.report(reporter=user, item=question, reason="spam"),
        "hide": lambda user: moderation.hide(
            item=ReplyFactory(topic=question), moderator=user, reason=REASON
        ),
        "restore": lambda user: moderation.restore(item=hidden_reply(), moderator=user),
        "delete": lambda user: moderation.delete(
            item=ReplyFactory(topic=question), moderator=user, reason=REASON
        ),
        "approve": lambda user: moderation.approve(item=held_topic(), moderator=user),
        "reject": lambda user: moderation.reject(item=held_topic(), moderator=user, reason=REASON),
        "warn": lambda user: moderation.warn(
            member=CustomerFactory(), moderator=user, reason=REASON
        ),
        "suspend": lambda user: moderation.suspend(
            member=CustomerFactory(), moderator=user, until=until, reason=REASON
        ),
        "ban": lambda user: moderation.ban(member=CustomerFactory(), moderator=user, reason=REASON),
        "mark_spammer": lambda user: moderation.mark_spammer(
            member=CustomerFactory(), moderator=user
        ),
    }


def allowed(attempt) -> bool:
    try:
        attempt()
    except PermissionDenied:
        return False
    return True


@pytest.mark.parametrize("role", ROLES)
def test_what_each_role_may_do(someone, attempts, role):
    user = someone(role)
    expected = {
        **dict.fromkeys(TAKING_PART, role in MAY_POST),
        **dict.fromkeys(MODERATING, role in MAY_MODERATE),
    }

    actual = {action: allowed(lambda a=action: attempts[a](user)) for action in expected}

    assert actual == expected


@pytest.mark.parametrize("role", sorted(set(ROLES) - MAY_MODERATE))
def test_a_refused_moderation_action_leaves_no_trace_in_the_audit_log(
    someone, attempts, setup_manager, role
):
    user = someone(role)

    for action in MODERATING:
        with pytest.raises(PermissionDenied):
            attempts[action](user)

    assert not ModerationAction.objects.exclude(actor=setup_manager).exclude(actor=None).exists()
    assert not (
        ModerationAction.objects.filter(action__in=MODERATING).exclude(actor=setup_manager).exists()
    )


# --- The same table through the pages ----------------------------------------------------


def rows_written(action: str) -> int:
    return {"create topic": Topic, "reply": Reply, "kudos": Kudos, "report": Report}[
        action
    ].objects.count()


SUCCEEDS = {"create topic": 302, "reply": 302, "kudos": 200, "report": 302}
EXPECTED_STATUS = {
    # Sent to sign in (script clients asking for kudos are told 401 instead).
    "anonymous": {"create topic": 302, "reply": 302, "kudos": 401, "report": 302},
    **dict.fromkeys(MAY_POST, SUCCEEDS),
    "suspended": dict.fromkeys(TAKING_PART, 403),
    "banned": dict.fromkeys(TAKING_PART, 403),
}


@pytest.mark.parametrize("role", ROLES)
def test_what_each_role_may_do_through_the_pages(client, someone, question, role):
    user = someone(role)
    if user.is_authenticated:
        client.force_login(user)

    statuses, written = {}, {}
    for action in TAKING_PART:
        before = rows_written(action)
        response = take_part(client, action, question)
        statuses[action] = response.status_code
        written[action] = rows_written(action) - before
        if role == "anonymous" and response.status_code == 302:
            assert response["Location"].startswith(reverse("account_login")), action

    assert statuses == EXPECTED_STATUS[role]
    assert written == dict.fromkeys(TAKING_PART, 1 if role in MAY_POST else 0)
