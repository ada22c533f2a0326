"""Counters stay exact when many members act on the same post at the same moment.

These need real row locks and concurrent connections, so they run on PostgreSQL only.
"""

import pytest

from forums import services
from forums.models import Kudos, Reply, Topic
from tests.concurrency import ON_POSTGRESQL_WITH_THREADS, run_together
from tests.factories import CustomerFactory
from tests.factories.forums import ForumCategoryFactory, ReplyFactory, TopicFactory

pytestmark = ON_POSTGRESQL_WITH_THREADS

THREADS = 8


@pytest.fixture
def question():
    return TopicFactory(category=ForumCategoryFactory())


def test_reply_kudos_count_is_exact_under_concurrent_toggles(question):
    reply = ReplyFactory(topic=question)
    givers = [CustomerFactory() for _ in range(THREADS)]

    def toggle_three_times(giver):
        for _ in range(3):
            services.toggle_kudos(member=giver, reply=reply)

    run_together(toggle_three_times, givers)

    reply.refresh_from_db()
    rows = Kudos.objects.filter(reply=reply).count()
    assert rows == THREADS
    assert reply.kudos_count == rows
    reply.author.profile.refresh_from_db()
    assert reply.author.profile.reputation == rows


def test_topic_kudos_count_is_exact_when_one_member_double_clicks(question):
    giver = CustomerFactory()

    run_together(lambda _: services.toggle_kudos(member=giver, topic=question), range(THREADS))

    question.refresh_from_db()
    rows = Kudos.objects.filter(topic=question).count()
    assert rows in (0, 1)
    assert question.kudos_count == rows
    question.author.profile.refresh_from_db()
    assert question.author.profile.reputation == rows


def test_concurrent_replies_are_numbered_one_to_n(question):
    repliers = [CustomerFactory() for _ in range(THREADS)]

    run_together(
        lambda member: services.post_reply(
            topic=question, author=member, body=f"My two cents, from {member.username}."
        ),
        repliers,
    )

    numbers = sorted(Reply.objects.filter(topic=question).values_list("number", flat=True))
    assert numbers == list(range(1, THREADS + 1))
    question.refresh_from_db()
    assert question.reply_count == THREADS
    assert question.last_reply_number == THREADS
    assert question.last_reply.number == THREADS


def test_the_same_reply_submitted_at_once_is_posted_once(question):
    member = CustomerFactory()

    posted = run_together(
        lambda _: services.post_reply(topic=question, author=member, body="Thanks, that fixed it!"),
        range(4),
    )

    assert len({reply.pk for reply in posted}) == 1
    question.refresh_from_db()
    assert question.reply_count == 1


def test_the_same_topic_submitted_at_once_is_started_once(question):
    member = CustomerFactory()

    started = run_together(
        lambda _: services.create_topic(
            category=question.category,
            author=member,
            title="Sync stops after 10,000 records",
            body="The connector stops without an error. Any idea?",
        ),
        range(4),
    )

    assert len({topic.pk for topic in started}) == 1
    assert Topic.objects.filter(author=member).count() == 1
