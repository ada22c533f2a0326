"""`manage.py seed_demo` builds a believable community of the asked size, and only once."""

import tomllib

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q, Sum

from careers.demo import DATA_DIR as CAREERS_DATA
from community.members.demo import NAMED_ACCOUNTS, PERSONAS
from community.members.models import Profile, User
from community.members.roles import Role
from community.search.models import SearchEntry
from community.stories.pages import StoryPage
from forums.demo_segments import RECENT_DIR
from forums.demo_showcase import load_threads
from forums.models import ForumCategoryPage, Kudos, Reply, Topic
from tests.module_data import built_once_per_module
from tests.row_counts import row_counts

pytestmark = pytest.mark.django_db

# Benchmark sizes on top of the hand-written threads, small enough for a test.
HAND_WRITTEN = load_threads()
# The recent questions by segment (what the insight dashboard reads) come on top of the sizes.
RECENT = load_threads(RECENT_DIR)
SIZES = {
    # The demo's own crowd size: large enough that generated members work at the companies
    # the customer stories quote, unless the generator leaves those to the personas.
    "members": 60,
    "topics": len(HAND_WRITTEN) + 25,
    "replies": sum(len(thread.replies) for thread in HAND_WRITTEN) + 120,
}


def seed():
    call_command("seed_demo", verbosity=0, **SIZES)


_seeded_for_the_module = built_once_per_module(seed)


@pytest.fixture
def seeded(_seeded_for_the_module, db) -> None:
    return None


def test_seed_demo_builds_the_requested_community(seeded):
    # The named demo logins, the thread writers and the companies' recruiters come on top of the
    # generated crowd.
    recruiters = tomllib.loads((CAREERS_DATA / "companies.toml").read_text())["recruiter"]
    expected = SIZES["members"] + len(NAMED_ACCOUNTS) + len(PERSONAS) + len(recruiters)
    assert User.objects.count() == expected
    assert Topic.objects.count() == SIZES["topics"] + len(RECENT)
    assert Reply.objects.count() == SIZES["replies"] + sum(len(t.replies) for t in RECENT)
    assert ForumCategoryPage.objects.live().count() >= 5


def test_running_seed_demo_again_adds_nothing(seeded):
    before = row_counts(User, Topic, Reply, Kudos)

    seed()

    assert row_counts(User, Topic, Reply, Kudos) == before


def test_demo_logins_have_their_roles_and_can_sign_in(seeded, client):
    manager = User.objects.get(email="manager@example.com")
    assert manager.has_role(Role.COMMUNITY_MANAGER)
    assert User.objects.get(email="partner@example.com").badge == Role.PARTNER
    assert client.login(username="member@example.com", password="community-demo")


def test_members_are_spread_over_segments_and_roles(seeded):
    profiles = Profile.objects.filter(user__email__endswith="@demo.example.com")
    assert profiles.values("industry").distinct().count() > 3
    assert profiles.values("country__region").distinct().count() >= 3
    assert profiles.values("audience").distinct().count() == 3
    assert all(profile.has_segment for profile in profiles)


def test_demo_members_see_times_in_their_own_zone_where_they_would_have_set_one(seeded):
    zones = dict(
        Profile.objects.filter(
            user__email__in=["member@example.com", "manager@example.com"]
        ).values_list("user__email", "time_zone")
    )
    assert zones == {
        "member@example.com": "America/Sao_Paulo",
        "manager@example.com": "America/New_York",
    }
    personas = Profile.objects.filter(user__email__endswith="@demo.example.com")
    assert personas.exclude(time_zone="").filter(country_id="DE").exists()
    # Members in countries of several zones never chose one: events show in their own zone.
    assert personas.filter(time_zone="", country_id="US").exists()


def test_seeded_counters_match_the_rows(seeded):
    # Replies held for approval are numbered but not counted until a manager approves them.
    published = Reply.objects.filter(visibility="published")
    assert Topic.objects.aggregate(total=Sum("reply_count"))["total"] == published.count()
    shown = Q(replies__visibility="published")
    for topic in Topic.objects.annotate(
        rows=Count("replies"), shown=Count("replies", filter=shown)
    ).filter(rows__gt=0):
        assert topic.reply_count == topic.shown
        assert topic.rows == topic.last_reply_number
        assert topic.last_reply.number == topic.last_reply_number
    kudos_per_reply = dict(
        Kudos.objects.filter(reply__isnull=False).values_list("reply").annotate(n=Count("pk"))
    )
    for reply in Reply.objects.filter(kudos_count__gt=0):
        assert reply.kudos_count == kudos_per_reply[reply.pk]
    assert (
        not Topic.objects.filter(solution__isnull=False).exclude(solution__topic=F("pk")).exists()
    )


def test_seeded_reputation_is_one_point_per_kudos_and_ten_per_solution(seeded):
    for profile in Profile.objects.filter(reputation__gt=0)[:10]:
        member = profile.user_id
        kudos = Kudos.objects.filter(topic__author=member).count()
        kudos += Kudos.objects.filter(reply__author=member).count()
        solutions = Topic.objects.filter(solution__author=member).exclude(author=member).count()
        assert profile.reputation == kudos + 10 * solutions


def test_the_hand_written_threads_are_in_the_search_index(seeded):
    indexed = set(SearchEntry.objects.filter(kind="topic").values_list("title", flat=True))

    assert {thread.title for thread in HAND_WRITTEN} <= indexed


def test_story_quotes_name_the_customers_who_also_write_in_the_forums(seeded):
    quotes = [
        block.value
        for story in StoryPage.objects.live()
        for block in story.body
        if block.block_type == "quote" and block.value.get("member")
    ]

    writers = {account.email for account in [*NAMED_ACCOUNTS, *PERSONAS]}
    assert len(quotes) >= 5
    for quote in quotes:
        assert quote["member"].email in writers, quote["name"]
        assert (
            Topic.objects.filter(author=quote["member"]).exists()
            or Reply.objects.filter(author=quote["member"]).exists()
        )
