"""The index follows every change to forum content, after commit, whoever makes it."""

import pytest
from django.contrib.auth.models import Group

from community.members.roles import Role
from community.search.models import SearchEntry, SearchEntryGroup
from forums import services
from forums.models import ForumTag, Topic
from forums.moderation import ReplyModeration, TopicModeration
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.forums import ForumCategoryFactory, ReplyFactory, TopicFactory


def entry(kind: str, pk: int) -> SearchEntry | None:
    return SearchEntry.objects.filter(kind=kind, object_id=pk).prefetch_related("tags").first()


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """Run what the block leaves for after commit (index tasks run at once in tests)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def thread(category, asker, after_commit):
    with after_commit():
        topic = TopicFactory(
            category=category,
            author=asker,
            title="Webhook retries after a timeout",
            body="Our endpoint timed out and the webhook was never retried.",
            tags=["webhooks"],
        )
        reply = ReplyFactory(topic=topic, body="Retries back off for up to a day.")
    return topic, reply


def test_nothing_is_indexed_until_the_transaction_commits(
    category, asker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        topic = TopicFactory(category=category, author=asker, title="Pending until commit")
    assert entry("topic", topic.pk) is None
    for callback in callbacks:
        callback()
    assert entry("topic", topic.pk).heading == "Pending until commit"


def test_new_topics_and_replies_are_indexed_with_their_segment_and_tags(thread):
    topic, reply = thread
    indexed = entry("topic", topic.pk)
    assert indexed.title == "Webhook retries after a timeout"
    assert [tag.slug for tag in indexed.tags.all()] == ["webhooks"]
    assert indexed.industry == topic.industry.slug
    assert indexed.status == "unsolved"
    assert indexed.badge == ""
    indexed_reply = entry("reply", reply.pk)
    assert indexed_reply.heading == topic.title
    assert indexed_reply.body == "Retries back off for up to a day."
    assert indexed_reply.url == reply.get_absolute_url()


def test_editing_a_title_or_tags_reaches_the_replies(thread, asker, after_commit):
    topic, reply = thread
    with after_commit():
        services.edit_topic(
            topic=topic,
            editor=asker,
            title="Webhook retries after timeouts",
            body=topic.body_source,
            tags=["api"],
        )
    assert entry("topic", topic.pk).title == "Webhook retries after timeouts"
    assert entry("reply", reply.pk).heading == "Webhook retries after timeouts"
    assert [tag.slug for tag in entry("reply", reply.pk).tags.all()] == ["api"]


def test_editing_a_reply_updates_its_text(thread, after_commit):
    _, reply = thread
    with after_commit():
        services.edit_reply(reply=reply, editor=reply.author, body="Retries stop after 24 hours.")
    assert entry("reply", reply.pk).body == "Retries stop after 24 hours."


def test_deleting_a_reply_removes_it(thread, after_commit):
    _, reply = thread
    with after_commit():
        services.delete_reply(reply=reply, member=reply.author)
    assert entry("reply", reply.pk) is None


def test_accepting_a_solution_marks_the_question_and_the_answer(thread, asker, after_commit):
    topic, reply = thread
    with after_commit():
        services.accept_solution(topic=topic, reply=reply, member=asker)
    assert (entry("topic", topic.pk).status, entry("topic", topic.pk).badge) == ("solved", "solved")
    assert (entry("reply", reply.pk).status, entry("reply", reply.pk).badge) == (
        "solved",
        "solution",
    )
    with after_commit():
        services.clear_solution(topic=topic, member=asker)
    assert (entry("topic", topic.pk).status, entry("topic", topic.pk).badge) == ("unsolved", "")
    assert (entry("reply", reply.pk).status, entry("reply", reply.pk).badge) == ("unsolved", "")


def test_moderation_hides_and_restores_a_whole_thread(thread, after_commit):
    topic, reply = thread
    with after_commit():
        TopicModeration().hide(topic)
    assert entry("topic", topic.pk) is None and entry("reply", reply.pk) is None
    with after_commit():
        TopicModeration().restore(topic)
    assert entry("topic", topic.pk) is not None and entry("reply", reply.pk) is not None


def test_held_replies_wait_outside_the_index_until_approved(thread, after_commit):
    _, reply = thread
    with after_commit():
        ReplyModeration().hold(reply)
    assert entry("reply", reply.pk) is None
    with after_commit():
        ReplyModeration().approve(reply)
    assert entry("reply", reply.pk) is not None


def test_posts_from_newcomers_held_for_review_are_not_indexed(category, after_commit):
    newcomer = CustomerFactory(profile__approved_posts=0)
    with after_commit():
        topic = TopicFactory(
            category=category, author=newcomer, title="Visit my site for cheap leads"
        )
    assert topic.visibility == "held"
    assert entry("topic", topic.pk) is None


def test_moving_a_topic_into_a_partners_only_category_restricts_it(
    thread, partner_lounge, after_commit
):
    topic, reply = thread
    with after_commit():
        services.move_topic(
            topic=topic, to_category=partner_lounge, moderator=CommunityManagerFactory()
        )
    partners = Group.objects.get(name=Role.PARTNER.value)
    for kind, pk in (("topic", topic.pk), ("reply", reply.pk)):
        indexed = entry(kind, pk)
        assert indexed.is_public is False
        assert list(
            SearchEntryGroup.objects.filter(entry=indexed).values_list("group_id", flat=True)
        ) == [partners.pk]


def test_merging_moves_the_replies_under_the_target(thread, category, after_commit):
    topic, reply = thread
    with after_commit():
        target = TopicFactory(category=category, title="Webhooks: retries and timeouts")
        services.merge_topics(source=topic, into=target, moderator=CommunityManagerFactory())
    assert entry("topic", topic.pk) is None
    assert entry("reply", reply.pk).heading == "Webhooks: retries and timeouts"


def test_restricting_a_category_in_the_admin_restricts_its_posts(thread, category, after_commit):
    topic, reply = thread
    with after_commit():
        category.restricted_to.set([Group.objects.get(name=Role.PARTNER.value)])
        category.save_revision().publish()
    assert entry("topic", topic.pk).is_public is False
    assert entry("reply", reply.pk).is_public is False


def test_unpublishing_a_category_takes_its_posts_out(thread, category, after_commit):
    topic, reply = thread
    with after_commit():
        category.unpublish()
    assert entry("topic", topic.pk) is None and entry("reply", reply.pk) is None


def test_renaming_a_tag_renames_it_in_the_index(thread, after_commit):
    topic, _ = thread
    with after_commit():
        tag = ForumTag.objects.get(slug="webhooks")
        tag.name = "Webhooks"
        tag.save()
    assert [tag.name for tag in entry("topic", topic.pk).tags.all()] == ["Webhooks"]


def test_deleting_a_topic_removes_it_and_its_replies(thread, after_commit):
    topic, reply = thread
    with after_commit():
        Topic.objects.get(pk=topic.pk).delete()
    assert entry("topic", topic.pk) is None and entry("reply", reply.pk) is None


def test_posts_in_a_new_category_are_indexed_for_its_groups(forums, partner, after_commit):
    lounge = ForumCategoryFactory(title="Partner roadmap", restricted_to=[Role.PARTNER])
    with after_commit():
        topic = TopicFactory(category=lounge, author=partner, title="Roadmap preview for partners")
    assert entry("topic", topic.pk).is_public is False
