"""Enough members reporting the same post hides it at once, before any manager has looked."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from community.moderation import services as moderation
from community.moderation.models import ModerationAction
from forums.models import ForumCategoryPage, Topic, Visibility
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.forums import ReplyFactory, TopicFactory
from tests.forums.addresses import tag_url

from .support import report_by_each, report_url

pytestmark = pytest.mark.django_db

SPAM_TITLE = "Grow your followers overnight with this trick"
SPAM_REPLY = "Visit my store for discounted followers and likes"


@pytest.fixture
def spam_topic(category, spammer):
    return TopicFactory(
        category=category,
        author=spammer,
        kind="discussion",
        title=SPAM_TITLE,
        body="Message me for the details.",
        tags=["growth"],
    )


@pytest.fixture
def neighbour(category):
    """A published topic with the same tag, so the tag page stays up when the spam goes."""
    return TopicFactory(category=category, title="Organic growth ideas for Q3", tags=["growth"])


@pytest.fixture
def spam_reply(question, spammer):
    return ReplyFactory(topic=question, author=spammer, body=SPAM_REPLY)


@pytest.fixture
def onlooker(client, db):
    member = CustomerFactory()
    client.force_login(member)
    return member


def pages_listing_topics(category) -> list[str]:
    return [category.url, "/forums/", tag_url("growth")]


def test_the_third_members_report_hides_a_topic_at_once(
    client, onlooker, spam_topic, neighbour, reporters, category
):
    for reporter in reporters[:2]:
        client.force_login(reporter)
        client.post(report_url("topic", spam_topic.pk), {"reason": "spam"})
    client.force_login(onlooker)
    for url in pages_listing_topics(category):
        assertContains(client.get(url), SPAM_TITLE)

    client.force_login(reporters[2])
    client.post(report_url("topic", spam_topic.pk), {"reason": "spam"})

    client.force_login(onlooker)
    for url in pages_listing_topics(category):
        response = client.get(url)
        assertNotContains(response, SPAM_TITLE)
        assertContains(response, neighbour.title)
    assert client.get(spam_topic.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(spam_topic.get_absolute_url()).status_code == 404
    spam_topic.refresh_from_db()
    assert spam_topic.visibility == Visibility.HIDDEN


def test_an_auto_hidden_topic_is_still_shown_to_its_author_with_its_state(
    client, spam_topic, reporters
):
    report_by_each(reporters, spam_topic)
    client.force_login(spam_topic.author)

    response = client.get(spam_topic.get_absolute_url())

    assertContains(response, SPAM_TITLE)
    assertContains(response, "Hidden by moderators")


def test_an_auto_hidden_topic_is_still_shown_to_community_managers_with_its_state(
    client, spam_topic, reporters
):
    report_by_each(reporters, spam_topic)
    client.force_login(CommunityManagerFactory())

    response = client.get(spam_topic.get_absolute_url())

    assertContains(response, SPAM_TITLE)
    assertContains(response, "Hidden by moderators")


def test_auto_hiding_is_written_to_the_audit_log_with_no_actor(spam_topic, spammer, reporters):
    report_by_each(reporters, spam_topic)

    entry = ModerationAction.objects.get(action="auto_hide")
    assert entry.actor is None
    assert (entry.target_type.model_class(), entry.target_id) == (Topic, spam_topic.pk)
    assert entry.member == spammer
    assert entry.reason == "Reported by 3 members"


def test_an_auto_hidden_topic_leaves_the_categorys_topic_count(category, spam_topic, reporters):
    before = ForumCategoryPage.objects.get(pk=category.pk).topic_count

    report_by_each(reporters, spam_topic)

    assert ForumCategoryPage.objects.get(pk=category.pk).topic_count == before - 1


def test_an_auto_hidden_reply_disappears_from_the_thread_for_others(
    client, onlooker, question, spam_reply, reporters
):
    assertContains(client.get(question.get_absolute_url()), SPAM_REPLY)

    report_by_each(reporters, spam_reply)

    response = client.get(question.get_absolute_url())
    assertNotContains(response, SPAM_REPLY)
    assert client.get(spam_reply.get_absolute_url()).status_code == 404


def test_an_auto_hidden_reply_stays_visible_to_its_author_with_its_state(
    client, question, spam_reply, reporters
):
    report_by_each(reporters, spam_reply)
    client.force_login(spam_reply.author)

    response = client.get(question.get_absolute_url())

    assertContains(response, SPAM_REPLY)
    assertContains(response, "Hidden by moderators")


def test_an_auto_hidden_reply_no_longer_counts_in_the_reply_count(question, spam_reply, reporters):
    question.refresh_from_db()
    assert question.reply_count == 1

    report_by_each(reporters, spam_reply)

    question.refresh_from_db()
    assert question.reply_count == 0


def test_fewer_reports_than_the_threshold_leave_the_post_up(spam_topic, reporters):
    report_by_each(reporters[:2], spam_topic)

    spam_topic.refresh_from_db()
    assert spam_topic.visibility == Visibility.PUBLISHED
    assert not ModerationAction.objects.filter(action="auto_hide").exists()


@pytest.mark.parametrize(("threshold", "reports", "hidden"), [(2, 2, True), (5, 3, False)])
def test_the_number_of_reports_that_hides_a_post_is_a_setting(
    settings, spam_topic, threshold, reports, hidden
):
    settings.MODERATION_AUTO_HIDE_REPORTS = threshold

    report_by_each([CustomerFactory() for _ in range(reports)], spam_topic)

    spam_topic.refresh_from_db()
    assert (spam_topic.visibility == Visibility.HIDDEN) is hidden


def test_one_member_reporting_twice_counts_once(spam_topic, reporters):
    report_by_each(reporters[:2], spam_topic)

    with pytest.raises(moderation.AlreadyReported):
        report_by_each(reporters[:1], spam_topic, reason="abuse")

    spam_topic.refresh_from_db()
    assert spam_topic.visibility == Visibility.PUBLISHED


def test_an_auto_hidden_profile_no_longer_shows_its_bio(client, onlooker, spammer, reporters):
    spammer.profile.bio = "Cheap followers at my-store dot example"
    spammer.profile.bio_html = "<p>Cheap followers at my-store dot example</p>"
    spammer.profile.save(update_fields=["bio", "bio_html"])
    assertContains(client.get(spammer.get_absolute_url()), "Cheap followers at my-store")

    report_by_each(reporters, spammer)

    assertNotContains(client.get(spammer.get_absolute_url()), "Cheap followers at my-store")
    spammer.profile.refresh_from_db()
    assert spammer.profile.hidden_at is not None


def test_the_reporter_who_hides_an_item_goes_back_to_its_topic(
    client, category, question, settings
):
    from tests.factories import CustomerFactory
    from tests.factories.forums import ReplyFactory

    settings.MODERATION_AUTO_HIDE_REPORTS = 1
    spam = ReplyFactory(topic=question, body="Cheap leads, click here now")
    client.force_login(CustomerFactory())

    response = client.post(f"/report/reply/{spam.pk}/", {"reason": "spam"})

    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
