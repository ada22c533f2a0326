"""Warnings, suspensions, bans and spammers: what each does to a member and to what they wrote."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from community.moderation import services as moderation
from community.moderation.models import ModerationAction, Report
from community.notifications.models import Notification
from forums.models import ForumCategoryPage, Kudos, Reply, Topic, Visibility
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.forums import ReplyFactory, TopicFactory

from .support import NEW_TOPIC_TITLE, TAKING_PART, take_part

pytestmark = pytest.mark.django_db

REASON = "Repeated promotional posts after a warning."


STANDINGS = {
    "suspended": ("suspended_member", "Your account is suspended until"),
    "banned": ("banned_member", "Your account is banned"),
}


def nothing_written_by(member) -> bool:
    return not (
        Topic.objects.filter(author=member).exists()
        or Reply.objects.filter(author=member).exists()
        or Kudos.objects.filter(member=member).exists()
        or Report.objects.filter(reporter=member).exists()
    )


@pytest.mark.parametrize("standing", STANDINGS)
@pytest.mark.parametrize("action", TAKING_PART)
def test_suspended_and_banned_members_cannot_take_part(request, client, question, standing, action):
    fixture, reason = STANDINGS[standing]
    sanctioned = request.getfixturevalue(fixture)
    client.force_login(sanctioned)

    response = take_part(client, action, question)

    assert response.status_code == 403
    assert reason in response.content.decode()
    assert nothing_written_by(sanctioned)


def test_kudos_from_a_browser_are_refused_with_the_reason_on_the_page(
    client, suspended_member, question
):
    client.force_login(suspended_member)

    response = client.post(reverse("forums:topic_kudos", kwargs={"pk": question.pk}), follow=True)

    assertContains(response, "Your account is suspended until")
    assert not Kudos.objects.exists()


@pytest.mark.parametrize("standing", STANDINGS)
def test_suspended_and_banned_members_can_still_read(request, client, question, standing):
    ReplyFactory(topic=question, body="We map lifecycle stage and owner only.")
    client.force_login(request.getfixturevalue(STANDINGS[standing][0]))

    assertContains(client.get("/forums/"), question.title)
    assertContains(client.get(question.category.url), question.title)
    assertContains(
        client.get(question.get_absolute_url()), "We map lifecycle stage and owner only."
    )


def test_a_suspension_that_has_ended_no_longer_stops_a_member(client, suspended_member, question):
    suspended_member.profile.suspended_until = timezone.now() - timedelta(minutes=1)
    suspended_member.profile.save(update_fields=["suspended_until"])
    client.force_login(suspended_member)

    assert take_part(client, "reply", question).status_code == 302
    assert Reply.objects.filter(author=suspended_member).exists()


def test_suspend_stops_a_member_posting_and_tells_them_until_when(
    client, customer, question, community_manager
):
    until = timezone.now() + timedelta(days=7)

    moderation.suspend(member=customer, moderator=community_manager, until=until, reason=REASON)

    client.force_login(customer)
    assertContains(take_part(client, "reply", question), "suspended until", status_code=403)
    note = Notification.objects.get(recipient=customer, kind="moderation")
    assert "Your account is suspended until" in note.text
    assert REASON in note.text
    assert ModerationAction.objects.get(action="suspend").member == customer


def test_a_suspension_must_end_in_the_future(customer, community_manager):
    with pytest.raises(ValueError, match="must end in the future"):
        moderation.suspend(
            member=customer,
            moderator=community_manager,
            until=timezone.now() - timedelta(hours=1),
            reason=REASON,
        )

    customer.profile.refresh_from_db()
    assert customer.profile.suspended_until is None


# --- Bans -------------------------------------------------------------------------------


def test_a_ban_signs_the_member_out_everywhere(client, customer, community_manager):
    client.force_login(customer)
    assert client.get(reverse("members:edit_profile")).status_code == 200

    moderation.ban(member=customer, moderator=community_manager, reason=REASON)

    response = client.get(reverse("members:edit_profile"))
    assert response.wsgi_request.user.is_anonymous
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_ban_leaves_other_members_signed_in(client, customer, community_manager):
    client.force_login(customer)

    moderation.ban(member=CustomerFactory(), moderator=community_manager, reason=REASON)

    response = client.get(reverse("members:edit_profile"))
    assert response.status_code == 200
    assert response.wsgi_request.user == customer


def test_a_banned_member_who_signs_in_again_still_cannot_post(
    client, customer, question, community_manager
):
    moderation.ban(member=customer, moderator=community_manager, reason=REASON)
    customer.refresh_from_db()
    client.force_login(customer)

    response = take_part(client, "reply", question)

    assertContains(response, "Your account is banned", status_code=403)
    assert customer.notifications.filter(text__contains=REASON).exists()


def test_a_community_manager_cannot_be_banned(community_manager):
    other_manager = CommunityManagerFactory()

    with pytest.raises(PermissionDenied, match="Community managers can't be banned"):
        moderation.ban(member=other_manager, moderator=community_manager, reason=REASON)

    other_manager.profile.refresh_from_db()
    assert other_manager.profile.banned_at is None
    assert not ModerationAction.objects.filter(action="ban").exists()


def test_lifting_a_ban_lets_the_member_post_again(client, customer, question, community_manager):
    moderation.ban(member=customer, moderator=community_manager, reason=REASON)

    moderation.lift_sanctions(member=customer, moderator=community_manager, reason="Appeal.")

    customer.refresh_from_db()
    client.force_login(customer)
    assert take_part(client, "reply", question).status_code == 302
    assert Reply.objects.get(author=customer).visibility == Visibility.PUBLISHED


def test_lifting_a_suspension_lets_the_member_post_again(
    client, suspended_member, question, community_manager
):
    moderation.lift_sanctions(member=suspended_member, moderator=community_manager)

    client.force_login(suspended_member)
    assert take_part(client, "create topic", question).status_code == 302
    assert Topic.objects.filter(author=suspended_member, title=NEW_TOPIC_TITLE).exists()


# --- Warnings ---------------------------------------------------------------------------


def test_a_warning_tells_the_member_why(customer, community_manager):
    moderation.warn(member=customer, moderator=community_manager, reason=REASON)

    note = Notification.objects.get(recipient=customer)
    assert note.kind == "moderation"
    assert note.text == f"A warning from the community managers: {REASON}"
    entry = ModerationAction.objects.get(action="warn")
    assert (entry.actor, entry.member, entry.reason) == (community_manager, customer, REASON)


def test_a_warned_member_can_still_post(client, customer, question, community_manager):
    moderation.warn(member=customer, moderator=community_manager, reason=REASON)
    client.force_login(customer)

    assert take_part(client, "reply", question).status_code == 302


# --- Spammers ---------------------------------------------------------------------------


@pytest.fixture
def spam(category, question, spammer):
    """Two topics and two replies elsewhere, all by the spammer."""
    topics = [
        TopicFactory(category=category, author=spammer, title=f"Cheap followers, offer {n}")
        for n in (1, 2)
    ]
    replies = [
        ReplyFactory(topic=question, author=spammer, body=f"DM me for cheap followers ({n})")
        for n in (1, 2)
    ]
    return topics, replies


def test_marking_a_spammer_hides_everything_they_wrote(
    client, category, question, spammer, spam, community_manager
):
    topic_count = ForumCategoryPage.objects.get(pk=category.pk).topic_count

    hidden = moderation.mark_spammer(member=spammer, moderator=community_manager)

    # Their two topics, two replies and their profile's picture and bio.
    assert hidden == 5
    spammer.profile.refresh_from_db()
    assert spammer.profile.hidden_at is not None
    client.force_login(CustomerFactory())
    for url in ("/forums/", category.url):
        assertNotContains(client.get(url), "Cheap followers")
    assertNotContains(client.get(question.get_absolute_url()), "cheap followers")
    for topic in spam[0]:
        assert client.get(topic.get_absolute_url()).status_code == 404
    question.refresh_from_db()
    assert question.reply_count == 0
    assert ForumCategoryPage.objects.get(pk=category.pk).topic_count == topic_count - 2


def test_marking_a_spammer_bans_them_and_ends_their_sessions(
    client, spammer, spam, community_manager
):
    client.force_login(spammer)

    moderation.mark_spammer(member=spammer, moderator=community_manager)

    spammer.profile.refresh_from_db()
    assert spammer.profile.is_banned
    assert client.get(reverse("members:edit_profile")).wsgi_request.user.is_anonymous
    assert {"ban", "mark_spammer"} <= set(
        ModerationAction.objects.filter(member=spammer).values_list("action", flat=True)
    )


def test_a_community_manager_cannot_be_marked_as_a_spammer(category, community_manager):
    other_manager = CommunityManagerFactory()
    topic = TopicFactory(category=category, author=other_manager)

    with pytest.raises(PermissionDenied):
        moderation.mark_spammer(member=other_manager, moderator=community_manager)

    topic.refresh_from_db()
    assert topic.visibility == Visibility.PUBLISHED
