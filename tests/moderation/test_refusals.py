"""Decisions and sanctions refuse on their own, with the reason, when they make no sense for the
item or the member as they stand, whoever calls them; and a refusal changes nothing."""

import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from community.core import errors
from community.members.models import Profile
from community.moderation import rules
from community.moderation import services as moderation
from community.moderation.models import ModerationAction
from forums.models import Visibility
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.forums import ReplyFactory, TopicFactory
from tests.factories.members import member_fixture

from .support import report_by_each

pytestmark = pytest.mark.django_db

REASON = "Breaks the community guidelines."

Refused = moderation.ModerationRefused


manager = member_fixture(CommunityManagerFactory)


@pytest.fixture
def hidden_reply(question, manager):
    reply = ReplyFactory(topic=question)
    moderation.hide(item=reply, moderator=manager, reason="Spam")
    return reply


@pytest.fixture
def held_topic(category, newcomer):
    return TopicFactory(category=category, author=newcomer)


@pytest.fixture
def audit_log():
    """The audit log's lines, to check a refusal wrote none."""
    return lambda: list(ModerationAction.objects.order_by("pk").values_list("pk", flat=True))


def visibility(post) -> str:
    return type(post).objects.values_list("visibility", flat=True).get(pk=post.pk)


def ban_quietly(member) -> None:
    Profile.objects.filter(user=member).update(banned_at=timezone.now())


# --- Decisions --------------------------------------------------------------------------


def test_hiding_a_hidden_reply_is_refused_and_changes_nothing(hidden_reply, manager, audit_log):
    before = audit_log()

    with pytest.raises(Refused, match=r"^It is not published \(it is hidden\)\.$"):
        moderation.hide(item=hidden_reply, moderator=manager, reason=REASON)

    assert audit_log() == before
    assert visibility(hidden_reply) == Visibility.HIDDEN


def test_hiding_a_held_post_is_refused_with_what_to_do_instead(held_topic, manager):
    with pytest.raises(Refused, match="awaiting approval and not public: reject it instead"):
        moderation.hide(item=held_topic, moderator=manager, reason=REASON)

    assert visibility(held_topic) == Visibility.HELD


def test_restoring_a_published_reply_is_refused(question, manager, audit_log):
    reply = ReplyFactory(topic=question)
    before = audit_log()

    with pytest.raises(Refused, match="It is already published."):
        moderation.restore(item=reply, moderator=manager)

    assert audit_log() == before


def test_deleting_a_deleted_reply_is_refused(question, manager):
    reply = ReplyFactory(topic=question)
    moderation.delete(item=reply, moderator=manager, reason=REASON)

    with pytest.raises(Refused, match="It was removed already."):
        moderation.delete(item=reply, moderator=manager, reason=REASON)


def test_a_profile_can_be_hidden_but_not_deleted(manager, audit_log):
    member = CustomerFactory()
    before = audit_log()

    with pytest.raises(Refused, match="A profile can be hidden but not removed."):
        moderation.delete(item=member, moderator=manager, reason=REASON)

    assert audit_log() == before
    assert Profile.objects.get(user=member).hidden_at is None


def test_keeping_an_item_nobody_reported_is_refused(question, manager):
    with pytest.raises(Refused, match="There are no open reports on this item to dismiss."):
        moderation.keep(item=question, moderator=manager)


def test_keeping_a_reported_item_that_was_removed_is_refused(question, manager):
    report_by_each([CustomerFactory()], question)
    moderation.delete(item=question, moderator=manager, reason=REASON)
    report_by_each([CustomerFactory()], question)

    with pytest.raises(Refused, match="It was removed; restore it first"):
        moderation.keep(item=question, moderator=manager)


@pytest.mark.parametrize("decide", [moderation.approve, moderation.reject])
def test_approving_or_rejecting_a_published_post_is_refused(question, manager, decide):
    with pytest.raises(
        Refused,
        match=r"^It is not awaiting approval \(it is published\), so there is nothing to decide\.$",
    ):
        decide(item=question, moderator=manager)

    assert visibility(question) == Visibility.PUBLISHED


def test_who_may_moderate_is_checked_before_whether_the_decision_makes_sense(hidden_reply):
    with pytest.raises(PermissionDenied, match="Only community managers can moderate."):
        moderation.hide(item=hidden_reply, moderator=CustomerFactory(), reason=REASON)


def test_the_decision_rules_read_only_what_they_are_given(django_assert_num_queries):
    removed_profile = SimpleNamespace(kind="profile", state="deleted", reports=2, can_delete=False)

    with django_assert_num_queries(0):
        refusals = {
            decision: rules.decision_refusal(decision, removed_profile)
            for decision in rules.DECISION_RULES
        }

    assert refusals == {
        "approve": "It is not awaiting approval (it is removed), so there is nothing to decide.",
        "reject": "It is not awaiting approval (it is removed), so there is nothing to decide.",
        "keep": "It was removed; restore it first if it should be back.",
        "restore": "",
        "hide": "It is not published (it is removed).",
        "delete": "A profile can be hidden but not removed.",
    }


def test_a_refusal_that_reaches_the_error_middleware_answers_409_with_the_reason(rf):
    request = rf.post("/", headers={"Accept": "application/json"})

    response = errors.refusal_response(request, Refused("It is already published."))

    assert response.status_code == 409
    assert json.loads(response.content) == {"error": "It is already published."}


# --- Sanctions --------------------------------------------------------------------------


def test_banning_a_banned_member_is_refused_and_changes_nothing(manager, audit_log):
    member = CustomerFactory(display_name="Boris")
    ban_quietly(member)
    epoch = member.session_epoch
    before = audit_log()

    with pytest.raises(Refused, match="^Boris is banned already.$"):
        moderation.ban(member=member, moderator=manager, reason=REASON)

    assert audit_log() == before
    member.refresh_from_db()
    assert member.session_epoch == epoch


def test_a_sanction_reads_the_members_standing_afresh(manager):
    """Another manager may have banned the member since this one loaded them."""
    member = CustomerFactory(display_name="Boris")
    assert not member.profile.is_banned
    ban_quietly(member)

    with pytest.raises(Refused, match="Boris is banned already."):
        moderation.ban(member=member, moderator=manager, reason=REASON)


def test_suspending_a_banned_member_is_refused(manager):
    member = CustomerFactory(display_name="Boris")
    ban_quietly(member)

    with pytest.raises(Refused, match="Boris is banned; a suspension would change nothing."):
        moderation.suspend(
            member=member,
            moderator=manager,
            until=timezone.now() + timedelta(days=1),
            reason=REASON,
        )

    assert Profile.objects.get(user=member).suspended_until is None


def test_lifting_sanctions_from_a_member_in_good_standing_is_refused(manager, audit_log):
    member = CustomerFactory(display_name="Carla")
    before = audit_log()

    with pytest.raises(Refused, match="Carla is neither suspended nor banned."):
        moderation.lift_sanctions(member=member, moderator=manager)

    assert audit_log() == before


@pytest.mark.parametrize(
    "sanction",
    [
        lambda manager: moderation.warn(member=manager, moderator=manager, reason=REASON),
        lambda manager: moderation.lift_sanctions(member=manager, moderator=manager),
        lambda manager: moderation.mark_spammer(member=manager, moderator=manager),
    ],
    ids=["warn", "lift", "spammer"],
)
def test_a_manager_cannot_sanction_themselves(manager, audit_log, sanction):
    before = audit_log()

    with pytest.raises(Refused, match="You can't sanction yourself."):
        sanction(manager)

    assert audit_log() == before


def test_marking_a_banned_member_as_a_spammer_still_hides_what_they_wrote(question, manager):
    spam = ReplyFactory(topic=question, body="Cheap leads at my site.")
    ban_quietly(spam.author)

    hidden = moderation.mark_spammer(member=spam.author, moderator=manager)

    assert hidden == 2  # the reply, and their profile's picture and bio
    assert visibility(spam) == Visibility.HIDDEN
    assert Profile.objects.get(user=spam.author).is_banned
