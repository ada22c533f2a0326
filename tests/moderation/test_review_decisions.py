"""What a community manager's review decisions do to a post, its author and the people who
reported it. Every decision is one line in the audit log."""

import pytest
from django.core.exceptions import PermissionDenied
from pytest_django.asserts import assertContains, assertNotContains

from community.moderation import services as moderation
from community.moderation.models import ModerationAction, Report
from community.notifications.models import Notification
from forums import services as forums
from forums.models import ForumCategoryPage, Topic, Visibility
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.forums import ReplyFactory, TopicFactory

from .support import report_by_each

pytestmark = pytest.mark.django_db

REASON = "Promotional links are not allowed in the forums."


@pytest.fixture
def reply(question):
    return ReplyFactory(topic=question, body="Try our scoring plug-in, link in my profile.")


@pytest.fixture
def held_topic(category, newcomer):
    return TopicFactory(
        category=category,
        author=newcomer,
        kind="discussion",
        title="Hello from a new marketing ops lead",
        body="Happy to be here. We run campaigns in three regions.",
    )


def moderation_notes(member) -> list[str]:
    return list(
        Notification.objects.filter(recipient=member, kind="moderation").values_list(
            "text", flat=True
        )
    )


def visibility(post) -> str:
    return type(post).objects.values_list("visibility", flat=True).get(pk=post.pk)


# --- Keep -------------------------------------------------------------------------------


def test_keep_restores_an_auto_hidden_topic(client, question, reporters, community_manager):
    report_by_each(reporters, question)
    assert visibility(question) == Visibility.HIDDEN
    topic_count = ForumCategoryPage.objects.get(pk=question.category_id).topic_count

    moderation.keep(item=question, moderator=community_manager, reason="It's a fair question.")

    assert visibility(question) == Visibility.PUBLISHED
    assert ForumCategoryPage.objects.get(pk=question.category_id).topic_count == topic_count + 1
    client.force_login(CustomerFactory())
    assertContains(client.get(question.category.url), question.title)


def test_keep_closes_the_reports_and_tells_each_reporter(question, reporters, community_manager):
    report_by_each(reporters, question)

    moderation.keep(item=question, moderator=community_manager)

    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.KEPT}
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    for reporter in reporters:
        assert "About your report: we reviewed it and left it up." in moderation_notes(reporter)


def test_reports_filed_after_a_keep_start_counting_again(question, reporters, community_manager):
    report_by_each(reporters, question)
    moderation.keep(item=question, moderator=community_manager)

    report_by_each([CustomerFactory(), CustomerFactory()], question)

    assert visibility(question) == Visibility.PUBLISHED


# --- Hide, restore, delete --------------------------------------------------------------


def test_hide_takes_a_reply_out_of_the_thread_and_tells_its_author(
    client, question, reply, community_manager
):
    moderation.hide(item=reply, moderator=community_manager, reason=REASON)

    client.force_login(CustomerFactory())
    assertNotContains(client.get(question.get_absolute_url()), reply.body_source)
    question.refresh_from_db()
    assert question.reply_count == 0
    assert f"A community manager hid your post “Reply #1 to “{question.title}””: {REASON}" in (
        moderation_notes(reply.author)
    )


def test_hide_closes_open_reports_as_actioned(reply, reporters, community_manager):
    report_by_each(reporters[:2], reply)

    moderation.hide(item=reply, moderator=community_manager, reason=REASON)

    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.ACTIONED}
    for reporter in reporters[:2]:
        assert "About your report: we hid it. Thank you." in moderation_notes(reporter)


def test_restore_brings_a_hidden_reply_back(client, question, reply, community_manager):
    moderation.hide(item=reply, moderator=community_manager, reason=REASON)

    moderation.restore(item=reply, moderator=community_manager, reason="Appeal accepted.")

    client.force_login(CustomerFactory())
    assertContains(client.get(question.get_absolute_url()), reply.body_source)
    question.refresh_from_db()
    assert question.reply_count == 1


def test_delete_removes_a_topic_for_everyone_but_managers(client, question, community_manager):
    moderation.delete(item=question, moderator=community_manager, reason=REASON)

    client.force_login(CustomerFactory())
    assert client.get(question.get_absolute_url()).status_code == 404
    assertNotContains(client.get(question.category.url), question.title)
    client.force_login(community_manager)
    assertContains(client.get(question.get_absolute_url()), "Removed by moderators")
    assert f"A community manager removed your post “{question.title}”: {REASON}" in (
        moderation_notes(question.author)
    )


def test_delete_closes_reports_and_tells_the_reporters(question, reporters, community_manager):
    report_by_each(reporters[:1], question)

    moderation.delete(item=question, moderator=community_manager, reason=REASON)

    assert Report.objects.get().status == Report.Status.ACTIONED
    assert "About your report: we removed it. Thank you." in moderation_notes(reporters[0])


# --- Approve and reject -----------------------------------------------------------------


def test_approve_publishes_a_held_topic(client, held_topic, community_manager):
    client.force_login(CustomerFactory())
    assert client.get(held_topic.get_absolute_url()).status_code == 404

    moderation.approve(item=held_topic, moderator=community_manager)

    assert visibility(held_topic) == Visibility.PUBLISHED
    assertContains(client.get(held_topic.get_absolute_url()), held_topic.title)
    assertContains(client.get(held_topic.category.url), held_topic.title)


def test_approve_counts_towards_the_authors_approved_posts_and_tells_them(
    held_topic, newcomer, community_manager
):
    moderation.approve(item=held_topic, moderator=community_manager)

    newcomer.profile.refresh_from_db()
    assert newcomer.profile.approved_posts == 1
    assert f"Your post “{held_topic.title}” was approved and is live." in (
        moderation_notes(newcomer)
    )


def test_followers_and_mentioned_members_hear_of_a_held_topic_only_once_approved(
    category, newcomer, community_manager
):
    follower, mentioned = CustomerFactory(), CustomerFactory()
    forums.follow_category(member=follower, category=category)
    held = TopicFactory(
        category=category,
        author=newcomer,
        title="Looking for advice on nurture tracks",
        body=f"@{mentioned.username} you presented on this last year, any slides?",
    )
    assert not Notification.objects.filter(recipient__in=[follower, mentioned]).exists()

    moderation.approve(item=held, moderator=community_manager)

    assert Notification.objects.get(recipient=follower).kind == "topic_in_followed_category"
    assert Notification.objects.get(recipient=mentioned).kind == "mention"


def test_the_asker_and_mentioned_members_hear_of_a_held_reply_only_once_approved(
    question, asker, newcomer, community_manager
):
    mentioned = CustomerFactory()
    held = ReplyFactory(
        topic=question, author=newcomer, body=f"@{mentioned.username} knows this one well."
    )
    assert not Notification.objects.filter(recipient__in=[asker, mentioned]).exists()
    question.refresh_from_db()
    assert question.reply_count == 0

    moderation.approve(item=held, moderator=community_manager)

    assert Notification.objects.get(recipient=asker).kind == "reply_to_your_topic"
    assert Notification.objects.get(recipient=mentioned).kind == "mention"
    question.refresh_from_db()
    assert question.reply_count == 1
    assert question.last_reply_id == held.pk


def test_reject_keeps_a_held_topic_unpublished_and_tells_the_author_why(
    client, held_topic, newcomer, community_manager
):
    moderation.reject(item=held_topic, moderator=community_manager, reason=REASON)

    assert visibility(held_topic) != Visibility.PUBLISHED
    client.force_login(CustomerFactory())
    assert client.get(held_topic.get_absolute_url()).status_code == 404
    assertNotContains(client.get(held_topic.category.url), held_topic.title)
    newcomer.profile.refresh_from_db()
    assert newcomer.profile.approved_posts == 0
    assert f"Your post “{held_topic.title}” was not approved: {REASON}" in (
        moderation_notes(newcomer)
    )


# --- The audit log ----------------------------------------------------------------------


def _published_reply(question):
    return ReplyFactory(topic=question)


def _reported_reply(question):
    reported = ReplyFactory(topic=question)
    report_by_each([CustomerFactory()], reported)
    return reported


def _hidden_reply(question):
    hidden = ReplyFactory(topic=question)
    moderation.hide(item=hidden, moderator=CommunityManagerFactory(), reason="Looks like spam.")
    return hidden


def _held_topic(question):
    return TopicFactory(
        category=question.category, author=CustomerFactory(profile__approved_posts=0)
    )


DECISIONS = {
    "keep": (moderation.keep, _reported_reply),
    "hide": (moderation.hide, _published_reply),
    "restore": (moderation.restore, _hidden_reply),
    "delete": (moderation.delete, _published_reply),
    "approve": (moderation.approve, _held_topic),
    "reject": (moderation.reject, _held_topic),
}


@pytest.mark.parametrize("decision", DECISIONS)
def test_each_decision_writes_exactly_one_audit_entry(question, community_manager, decision):
    decide, make_item = DECISIONS[decision]
    item = make_item(question)
    before = set(ModerationAction.objects.values_list("pk", flat=True))

    decide(item=item, moderator=community_manager, reason=REASON)

    new = ModerationAction.objects.exclude(pk__in=before)
    assert new.count() == 1
    entry = new.get()
    assert entry.actor == community_manager
    assert entry.action == decision
    assert (entry.target_type.model_class(), entry.target_id) == (type(item), item.pk)
    assert entry.member == item.author
    assert entry.reason == REASON


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_refused_decision_changes_nothing(question, decision):
    decide, make_item = DECISIONS[decision]
    item = make_item(question)
    state = visibility(item)
    entries = ModerationAction.objects.count()

    with pytest.raises(PermissionDenied, match="Only community managers can moderate"):
        decide(item=item, moderator=CustomerFactory(), reason=REASON)

    assert visibility(item) == state
    assert ModerationAction.objects.count() == entries


def test_approving_a_post_twice_counts_and_announces_it_once(category, newcomer, community_manager):
    """Two managers working the queue may both press Approve on the same post."""
    follower = CustomerFactory()
    forums.follow_category(member=follower, category=category)
    held = TopicFactory(category=category, author=newcomer)

    moderation.approve(item=held, moderator=community_manager)
    with pytest.raises(moderation.ModerationRefused, match="It is not awaiting approval"):
        moderation.approve(item=Topic.objects.get(pk=held.pk), moderator=CommunityManagerFactory())

    newcomer.profile.refresh_from_db()
    assert newcomer.profile.approved_posts == 1
    assert Notification.objects.filter(recipient=follower).count() == 1


def test_keeping_a_reported_held_post_does_not_publish_it(community_manager, newcomer, category):
    held = forums.create_topic(
        category=category,
        author=newcomer,
        title="First post from a newcomer here",
        body="Hello everyone, glad to be part of this.",
    )
    assert held.visibility == Visibility.HELD
    moderation.report(reporter=CustomerFactory(), item=held, reason="spam")

    with pytest.raises(moderation.ModerationRefused, match="approve or reject it instead"):
        moderation.keep(item=held, moderator=community_manager)

    held.refresh_from_db()
    assert held.visibility == Visibility.HELD
