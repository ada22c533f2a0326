"""The review page in the admin offers only the decisions and sanctions that make sense for the
item and its author as they stand, and refuses the others with the reason, changing nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from community.members.models import Profile
from community.moderation import services as moderation
from community.moderation.models import ModerationAction
from forums.models import Topic, Visibility
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.forums import ReplyFactory, TopicFactory

from .support import report_by_each

pytestmark = pytest.mark.django_db

DECISIONS = ["approve", "reject", "keep", "restore", "hide", "delete"]


@pytest.fixture
def manager(client):
    manager = CommunityManagerFactory(display_name="Sofia Marques")
    client.force_login(manager)
    return manager


def review_url(kind: str, pk: int) -> str:
    return reverse("moderation_queue:review", args=[kind, pk])


def decide_url(kind: str, pk: int, decision: str) -> str:
    return reverse("moderation_queue:decide", args=[kind, pk, decision])


def sanction_url(kind: str, pk: int, sanction: str) -> str:
    return reverse("moderation_queue:sanction", args=[kind, pk, sanction])


def offered_decisions(client, kind: str, pk: int) -> set[str]:
    html = client.get(review_url(kind, pk)).content.decode()
    return {name for name in DECISIONS if f'formaction="{decide_url(kind, pk, name)}"' in html}


def offered_sanctions(client, kind: str, pk: int) -> set[str]:
    html = client.get(review_url(kind, pk)).content.decode()
    names = ["warn", "suspend", "ban", "spammer", "lift"]
    return {name for name in names if f'id="sanction-{name}"' in html}


def test_a_reported_published_reply_can_be_kept_hidden_or_deleted(client, manager, question):
    reply = ReplyFactory(topic=question)
    report_by_each([CustomerFactory()], reply)

    assert offered_decisions(client, "reply", reply.pk) == {"keep", "hide", "delete"}


def test_a_held_topic_can_only_be_approved_or_rejected(client, manager, category, newcomer):
    held = TopicFactory(category=category, author=newcomer)

    assert offered_decisions(client, "topic", held.pk) == {"approve", "reject"}


def test_a_hidden_reply_nobody_reported_can_be_restored_or_deleted(client, manager, question):
    reply = ReplyFactory(topic=question)
    moderation.hide(item=reply, moderator=CommunityManagerFactory(), reason="Spam")

    assert offered_decisions(client, "reply", reply.pk) == {"restore", "delete"}


def test_a_profile_can_be_hidden_but_not_deleted(client, manager):
    member = CustomerFactory()
    report_by_each([CustomerFactory()], member)

    assert offered_decisions(client, "profile", member.pk) == {"keep", "hide"}


def test_a_decision_that_makes_no_sense_is_refused_with_the_reason(client, manager, question):
    reply = ReplyFactory(topic=question)

    response = client.post(decide_url("reply", reply.pk, "restore"), {"decision-reason": ""})

    assert response.status_code == 409
    assertContains(
        response, "Nothing was done to this reply. It is already published.", status_code=409
    )
    assert not ModerationAction.objects.exists()


def test_a_decision_that_makes_sense_is_taken_and_leads_back_to_the_queue(
    client, manager, category, newcomer
):
    held = TopicFactory(category=category, author=newcomer)

    response = client.post(decide_url("topic", held.pk, "approve"), {"decision-reason": ""})

    assert response.status_code == 302
    assert response.url == reverse("moderation_queue:index")
    assert Topic.objects.get(pk=held.pk).visibility == Visibility.PUBLISHED


def reply_by_a_banned_member(question):
    reply = ReplyFactory(topic=question)
    Profile.objects.filter(user=reply.author).update(banned_at=timezone.now())
    return reply


def test_a_banned_author_can_only_be_warned_marked_as_spammer_or_let_back(
    client, manager, question
):
    reply = reply_by_a_banned_member(question)

    assert offered_sanctions(client, "reply", reply.pk) == {"warn", "spammer", "lift"}


def test_an_author_in_good_standing_has_no_sanction_to_lift(client, manager, question):
    reply = ReplyFactory(topic=question)

    assert offered_sanctions(client, "reply", reply.pk) == {"warn", "suspend", "ban", "spammer"}


def test_banning_a_banned_author_is_refused_with_the_reason(client, manager, question):
    reply = reply_by_a_banned_member(question)
    form = {"ban-reason": "Spam again.", "ban-confirm": "on"}

    response = client.post(sanction_url("reply", reply.pk, "ban"), form)

    assertContains(response, escape(f"Ban: {reply.author} is banned already."), status_code=409)
    assert not ModerationAction.objects.exists()


def test_lifting_nothing_is_refused_with_the_reason(client, manager, question):
    reply = ReplyFactory(topic=question)

    response = client.post(sanction_url("reply", reply.pk, "lift"), {"lift-reason": ""})

    assertContains(
        response,
        escape(f"Lift sanctions: {reply.author} is neither suspended nor banned."),
        status_code=409,
    )
    assert not ModerationAction.objects.exists()


def test_a_manager_cannot_sanction_themselves(client, manager, question):
    reply = ReplyFactory(topic=question, author=manager)

    response = client.post(sanction_url("reply", reply.pk, "warn"), {"warn-reason": "Oops."})

    assertContains(response, escape("You can't sanction yourself."), status_code=409)
    assertNotContains(response, 'id="sanction-warn"', status_code=409)
    assert not ModerationAction.objects.exists()
