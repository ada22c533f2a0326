"""The demo's forum content is hand-written, coherent and seeded once; filler only for benchmarks."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from community.core.markdown import mentioned_handles
from community.members.demo import NAMED_ACCOUNTS, PERSONAS
from community.members.models import User
from forums.demo_showcase import DemoDataError, load_threads
from forums.models import ForumCategoryPage, Kudos, Reply, TaggedTopic, Topic, TopicFollow
from forums.permissions import members_who_can_see
from tests.module_data import built_once_per_module
from tests.row_counts import row_counts

THREADS = load_threads()
DEMO_HANDLES = {account.handle for account in [*NAMED_ACCOUNTS, *PERSONAS]}


def seed_forums(**sizes) -> None:
    call_command("seed_demo", "--only", "members", "forums", verbosity=0, **sizes)


_demo_for_the_module = built_once_per_module(seed_forums)


@pytest.fixture
def demo(_demo_for_the_module, db) -> None:
    return None


# -- The data file ---------------------------------------------------------------------------


def test_the_data_file_holds_sixty_to_ninety_threads_in_every_category():
    categories = {thread.category for thread in THREADS}

    assert 60 <= len(THREADS) <= 90
    assert categories == {
        "getting-started", "campaigns-email", "data-integrations", "analytics-reporting",
        "b2c-commerce", "emea", "product-ideas", "partner-lounge",
    }  # fmt: skip


def test_every_author_and_mention_in_the_data_file_is_a_demo_member():
    for thread in THREADS:
        assert thread.handles <= DEMO_HANDLES, thread.title
        for text in (thread.body, *(reply.body for reply in thread.replies)):
            assert mentioned_handles(text) <= DEMO_HANDLES, thread.title


def test_most_answered_questions_are_solved_and_some_questions_wait_for_an_answer():
    questions = [t for t in THREADS if t.kind == Topic.Kind.QUESTION]
    solved = [t for t in questions if t.solution_number]
    unanswered = [t for t in questions if not t.replies]

    assert 0.5 <= len(solved) / len(questions) <= 0.7
    assert len(unanswered) >= 5


MISTAKES = {
    # A discussion has no solution: the error names the thread it is in.
    "names the thread": (
        'category = "product-ideas"\n'
        "[[thread]]\n"
        'title = "Idea: undo for sends"\nkind = "discussion"\nauthor = "ana-souza"\n'
        'days_ago = 3\nbody = "Please."\n'
        "[[thread.reply]]\n"
        'author = "maya-chen"\nafter_hours = 2\nbody = "Noted."\nsolution = true\n',
        "Idea: undo for sends",
    ),
    "refuses a reply dated in the future": (
        'category = "getting-started"\n'
        "[[thread]]\n"
        'title = "Where is the import button?"\nauthor = "ana-souza"\ndays_ago = 1\nbody = "?"\n'
        "[[thread.reply]]\n"
        'author = "maya-chen"\nafter_hours = 30\nbody = "Top right."\n',
        "future",
    ),
}


@pytest.mark.parametrize(("data", "message"), MISTAKES.values(), ids=MISTAKES)
def test_a_mistake_in_the_data_file_is_refused_with_a_clear_message(tmp_path, data, message):
    (tmp_path / "threads.toml").write_text(data, encoding="utf-8")

    with pytest.raises(DemoDataError, match=message):
        load_threads(tmp_path)


# -- The seeded demo -------------------------------------------------------------------------


def test_the_default_demo_holds_only_the_hand_written_threads(demo):
    from forums.demo_moderation import HELD_REPLY, REPORTED_REPLY

    written = Reply.objects.exclude(body_source__in=[HELD_REPLY, REPORTED_REPLY])
    assert Topic.objects.count() == len(THREADS)
    assert written.count() == sum(len(thread.replies) for thread in THREADS)


def test_every_demo_topic_title_is_distinct(demo):
    titles = list(Topic.objects.values_list("title", flat=True))

    assert len(titles) == len(set(titles))


def test_no_two_demo_replies_say_the_same_thing(demo):
    bodies = list(Reply.objects.values_list("body_source", flat=True))

    assert len(bodies) == len(set(bodies))


def test_every_demo_topic_with_replies_has_been_viewed(demo):
    assert not Topic.objects.filter(reply_count__gt=0, view_count=0).exists()
    assert not Topic.objects.filter(view_count=0).exists()


def test_older_solved_threads_were_read_more_than_new_unanswered_questions(demo):
    solved = Topic.objects.filter(solution__isnull=False).order_by("created_at")[:10]
    unanswered = Topic.objects.filter(kind=Topic.Kind.QUESTION, reply_count=0)

    assert min(t.view_count for t in solved) > max(t.view_count for t in unanswered)


def test_every_accepted_solution_is_a_reply_of_its_own_question(demo):
    solved = Topic.objects.filter(solution__isnull=False)

    assert solved.count() == sum(1 for thread in THREADS if thread.solution_number)
    assert not solved.exclude(solution__topic=F("pk")).exists()
    assert not solved.exclude(kind=Topic.Kind.QUESTION).exists()


def test_counters_match_the_rows(demo):
    published = Q(replies__visibility="published")
    for topic in Topic.objects.annotate(
        rows=Count("replies", distinct=True),
        shown=Count("replies", filter=published, distinct=True),
        given=Count("follows", distinct=True),
    ):
        # A reply held for approval has its number but is not counted until approved.
        assert topic.reply_count == topic.shown
        assert topic.last_reply_number == topic.rows
        assert topic.kudos_count == Kudos.objects.filter(topic=topic).count()
        assert topic.given >= 1  # its author follows it
        if topic.rows:
            # An approval counts as activity too, so never earlier than the last reply.
            assert topic.last_activity_at >= topic.last_reply.created_at
    for reply in Reply.objects.all():
        assert reply.kudos_count == Kudos.objects.filter(reply=reply).count()


def test_replies_come_after_their_question_and_nothing_is_dated_in_the_future(demo):
    now = timezone.now()
    late = Reply.objects.filter(created_at__lte=F("topic__created_at"))

    assert not late.exists()
    assert not Reply.objects.filter(created_at__gt=now).exists()
    assert Topic.objects.filter(created_at__lt=now - timedelta(days=56)).exists()


def test_topics_carry_their_tags_and_mentions_link_to_profiles(demo):
    assert TaggedTopic.objects.values("object_id").distinct().count() == len(THREADS)
    welcome = Topic.objects.get(title="Welcome to the Northwind Community: start here")

    assert 'href="/members/lars-eriksen/"' in welcome.body_html


def test_only_members_who_can_see_the_partner_lounge_write_or_give_kudos_there(demo):
    lounge = ForumCategoryPage.objects.get(slug="partner-lounge")
    topics = Topic.objects.filter(category=lounge)
    people = set(topics.values_list("author", flat=True))
    people |= set(Reply.objects.filter(topic__in=topics).values_list("author", flat=True))
    people |= set(Kudos.objects.filter(topic__in=topics).values_list("member", flat=True))
    people |= set(Kudos.objects.filter(reply__topic__in=topics).values_list("member", flat=True))

    assert topics.exists()
    assert members_who_can_see(lounge, people) == people


def test_the_demo_member_has_topics_with_replies_from_others_and_follows_threads(demo):
    ana = User.objects.get(email="member@example.com")
    own = Topic.objects.filter(author=ana)

    assert own.count() >= 3
    assert Reply.objects.filter(topic__author=ana).exclude(author=ana).count() >= 5
    assert TopicFollow.objects.filter(member=ana).exclude(topic__author=ana).count() >= 5


def test_some_questions_in_the_demo_members_industry_wait_for_an_answer(demo):
    ana = User.objects.select_related("profile").get(email="member@example.com")

    assert Topic.objects.filter(
        kind=Topic.Kind.QUESTION, reply_count=0, industry=ana.profile.industry
    ).exists()


def test_topics_are_spread_over_industries_regions_and_audiences(demo):
    assert Topic.objects.values("industry").distinct().count() >= 10
    assert Topic.objects.values("region").distinct().count() == 4
    assert Topic.objects.values("audience").distinct().count() == 3


def test_seeding_the_demo_again_changes_nothing(demo):
    def snapshot():
        topics = Topic.objects.order_by("pk").values_list("pk", "view_count", "reply_count")
        return list(topics), row_counts(Reply, Kudos, TopicFollow, TaggedTopic, User)

    before = snapshot()

    seed_forums()

    assert snapshot() == before


def test_benchmark_sizes_grow_the_forums_with_filler_to_the_requested_totals(demo):
    topics, replies = len(THREADS) + 30, sum(len(t.replies) for t in THREADS) + 200

    seed_forums(members=10, topics=topics, replies=replies)

    assert Topic.objects.count() == topics
    assert Reply.objects.count() == replies
    assert not Topic.objects.filter(reply_count__gt=0, view_count=0).exists()
    assert not (
        Topic.objects.filter(solution__isnull=False).exclude(solution__topic=F("pk")).exists()
    )


# -- Work waiting for the community manager ------------------------------------------------------


def test_the_demo_manager_finds_a_held_reply_and_a_reported_one(demo):
    from community.moderation.models import Report
    from forums.demo_moderation import HELD_REPLY, REPORTED_REPLY

    held = Reply.objects.get(body_source=HELD_REPLY)
    reported = Reply.objects.get(body_source=REPORTED_REPLY)

    assert held.visibility == "held"
    assert reported.visibility == "published"
    assert Report.objects.filter(target_id=reported.pk, status="open").count() == 2


def test_seeding_again_adds_no_more_moderation_work(demo):
    from community.moderation.models import Report

    before = row_counts(Reply, Report)

    seed_forums()

    assert row_counts(Reply, Report) == before
