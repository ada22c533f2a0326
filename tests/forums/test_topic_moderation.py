"""Community managers lock, pin, move and merge topics; each action is one line in the audit log."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from community.moderation.models import ModerationAction
from forums import selectors, services
from forums.models import (
    ForumCategoryPage,
    Kudos,
    Reply,
    Topic,
    TopicFollow,
    Visibility,
)
from forums.moderation import ReplyModeration
from forums.services import TopicActionRefused
from tests.concurrency import on_postgresql_with_threads, run_together
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.forums import (
    ForumCategoryFactory,
    ReplyFactory,
    TopicFactory,
    forum_index,
    seed_topics,
)
from tests.factories.members import member_fixture
from tests.forums.test_query_budgets import BUDGETS, measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def forums(db):
    # Built per test rather than shared per module: the shared tree lives in a transaction
    # that stays open for the whole module, and this module's concurrency tests need none open.
    return forum_index()


manager = member_fixture(CommunityManagerFactory, display_name="Maya Okafor")


@pytest.fixture
def other_category(forums):
    return ForumCategoryFactory(title="Data & integrations", slug="data-integrations")


@pytest.fixture
def audit():
    """The audit entries written from now on (the fixtures' own are left out)."""
    before = ModerationAction.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return lambda: list(ModerationAction.objects.filter(pk__gt=before).order_by("pk"))


def assert_logged(entries, action: str, item, *, by, reason: str) -> ModerationAction:
    """The action is the one audit entry, naming the item's author as the member concerned."""
    assert len(entries) == 1, [str(entry) for entry in entries]
    entry = entries[0]
    assert (entry.actor, entry.action, entry.member) == (by, action, item.author)
    assert entry.target_type == ContentType.objects.get_for_model(item)
    assert entry.target_id == item.pk
    assert reason in entry.reason
    return entry


def topic_count(category) -> int:
    return ForumCategoryPage.objects.get(pk=category.pk).topic_count


def aged(topic: Topic, *, days: int) -> Topic:
    moment = timezone.now() - timedelta(days=days)
    Topic.objects.filter(pk=topic.pk).update(created_at=moment, last_activity_at=moment)
    topic.refresh_from_db()
    return topic


# --- Locking -----------------------------------------------------------------------------


def test_manager_locks_a_topic_and_members_can_no_longer_reply(manager, question, audit):
    services.lock_topic(topic=question, moderator=manager, reason="Resolved, see the docs")

    question.refresh_from_db()
    assert question.is_locked
    assert_logged(audit(), "lock", question, by=manager, reason="Resolved, see the docs")
    with pytest.raises(PermissionDenied):
        services.post_reply(topic=question, author=CustomerFactory(), body="One more thing!")
    services.post_reply(topic=question, author=manager, body="Closing note from the team.")


def test_manager_unlocks_a_locked_topic(manager, question, audit):
    Topic.objects.filter(pk=question.pk).update(is_locked=True)

    services.unlock_topic(topic=question, moderator=manager, reason="New release changes it")

    question.refresh_from_db()
    assert not question.is_locked
    assert_logged(audit(), "unlock", question, by=manager, reason="New release changes it")


def test_locking_a_locked_topic_is_refused_and_logs_nothing(manager, question, audit):
    services.lock_topic(topic=question, moderator=manager)

    with pytest.raises(TopicActionRefused, match="already locked"):
        services.lock_topic(topic=question, moderator=manager)

    assert len(audit()) == 1


# --- Pinning -----------------------------------------------------------------------------


def test_pinning_in_the_category_pins_only_there(manager, question, audit):
    services.pin_topic(topic=question, moderator=manager, scope="category", reason="FAQ")

    question.refresh_from_db()
    assert question.is_pinned and not question.pinned_globally
    assert_logged(audit(), "pin", question, by=manager, reason="FAQ")


def test_pinning_globally_pins_in_the_category_too(manager, question, audit):
    services.pin_topic(topic=question, moderator=manager, scope="global", reason="Release week")

    question.refresh_from_db()
    assert question.is_pinned and question.pinned_globally
    assert_logged(audit(), "pin_globally", question, by=manager, reason="Release week")


def test_unpinning_clears_both_pins(manager, question, audit):
    Topic.objects.filter(pk=question.pk).update(is_pinned=True, pinned_globally=True)

    services.unpin_topic(topic=question, moderator=manager, reason="Release is out")

    question.refresh_from_db()
    assert not question.is_pinned and not question.pinned_globally
    assert_logged(audit(), "unpin", question, by=manager, reason="Release is out")


def test_pinning_with_the_same_scope_again_is_refused(manager, question):
    services.pin_topic(topic=question, moderator=manager, scope="global")

    with pytest.raises(TopicActionRefused, match="already pinned"):
        services.pin_topic(topic=question, moderator=manager, scope="global")


def test_globally_pinned_topic_comes_first_on_the_forums_page(
    client, manager, category, other_category
):
    TopicFactory(category=other_category, title="A fresh topic about webhooks")
    announcement = aged(
        TopicFactory(category=category, title="Spring release: what's new"), days=90
    )
    category_only = aged(
        TopicFactory(category=category, title="Campaigns FAQ, start here"), days=60
    )
    services.pin_topic(topic=announcement, moderator=manager, scope="global")
    services.pin_topic(topic=category_only, moderator=manager, scope="category")

    front = selectors.topics_for_listing(viewer=CustomerFactory())
    content = client.get("/forums/").content.decode()

    assert front.pinned == [announcement]
    assert category_only in front.topics
    assert content.index("Spring release: what") < content.index("A fresh topic about webhooks")
    in_category = selectors.topics_for_listing(viewer=CustomerFactory(), category=category)
    assert {topic.pk for topic in in_category.pinned} == {announcement.pk, category_only.pk}


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_pinned_topics_do_not_change_the_cost_of_listings(client, manager, category, signed_in):
    if signed_in:
        client.force_login(CustomerFactory())
    seed_topics(category=category, authors=[CustomerFactory()], count=30)
    unpinned_front, _ = measure(client, "/forums/")
    unpinned_category, _ = measure(client, category.url, routed=True)

    for scope, topic in zip(
        ("global", "category"), TopicFactory.create_batch(2, category=category), strict=True
    ):
        services.pin_topic(topic=topic, moderator=manager, scope=scope)
    front, front_report = measure(client, "/forums/")
    in_category, category_report = measure(client, category.url, routed=True)

    assert front == unpinned_front <= BUDGETS["forums"], front_report
    assert in_category == unpinned_category <= BUDGETS["category"], category_report


# --- Moving ------------------------------------------------------------------------------


def test_moving_a_topic_moves_the_category_counts(
    manager, question, category, other_category, audit
):
    follower = CustomerFactory()
    services.follow_topic(member=follower, topic=question)
    before = topic_count(category), topic_count(other_category)

    services.move_topic(
        topic=question, to_category=other_category, moderator=manager, reason="Integration question"
    )

    question.refresh_from_db()
    assert question.category_id == other_category.pk
    assert (topic_count(category), topic_count(other_category)) == (before[0] - 1, before[1] + 1)
    assert TopicFollow.objects.filter(topic=question, member=follower).exists()
    entry = assert_logged(audit(), "move", question, by=manager, reason="Integration question")
    assert "Campaigns & email" in entry.reason and "Data & integrations" in entry.reason


def test_moving_an_unpublished_topic_leaves_the_counts_alone(
    manager, question, category, other_category
):
    Topic.objects.filter(pk=question.pk).update(visibility=Visibility.HIDDEN)
    ForumCategoryPage.objects.filter(pk=category.pk).update(topic_count=0)
    before = topic_count(category), topic_count(other_category)

    services.move_topic(topic=question, to_category=other_category, moderator=manager)

    assert (topic_count(category), topic_count(other_category)) == before


def test_old_address_of_a_moved_topic_redirects(client, manager, question, other_category):
    old_url = question.get_absolute_url()

    services.move_topic(topic=question, to_category=other_category, moderator=manager)

    response = client.get(old_url)
    question.refresh_from_db()
    assert response.status_code == 301
    assert response["Location"] == question.get_absolute_url()
    assert "/data-integrations/" in response["Location"]


def test_moving_into_the_same_category_is_refused(manager, question, category):
    with pytest.raises(TopicActionRefused, match="already in"):
        services.move_topic(topic=question, to_category=category, moderator=manager)


# --- Merging -----------------------------------------------------------------------------


@pytest.fixture
def duplicate(category, asker):
    """A second, later question on the same subject, with replies, kudos and an answer."""
    return TopicFactory(
        category=category,
        author=CustomerFactory(display_name="Tomás Ruiz"),
        title="Lead score from webinar attendance?",
        body="Is there a way to add points when someone attends our webinar?",
        tags=["webinars", "lead-scoring"],
    )


def reply_rows(topic):
    return list(
        Reply.objects.filter(topic=topic)
        .order_by("number")
        .values_list("number", "pk", "visibility", "created_at")
    )


def test_merge_appends_the_duplicate_after_the_target_replies(manager, question, duplicate, audit):
    question.tags.add("lead-scoring")
    target_replies = [ReplyFactory(topic=question) for _ in range(3)]
    ReplyModeration().hide(target_replies[1])
    source_replies = [ReplyFactory(topic=duplicate) for _ in range(2)]

    merged = services.merge_topics(
        source=duplicate, into=question, moderator=manager, reason="Same question"
    )

    rows = reply_rows(question)
    numbers = [number for number, *_ in rows]
    assert numbers == list(range(1, len(rows) + 1))
    assert [pk for _, pk, *_ in rows[:3]] == [reply.pk for reply in target_replies]
    opening = Reply.objects.get(pk=rows[3][1])
    assert opening.author == duplicate.author
    assert "Is there a way to add points" in opening.body_html
    assert "Lead score from webinar attendance?" in opening.body_html
    assert [pk for _, pk, *_ in rows[4:]] == [reply.pk for reply in source_replies]
    assert not Reply.objects.filter(topic=duplicate).exists()

    published = [row for row in rows if row[2] == Visibility.PUBLISHED]
    latest = max(published, key=lambda row: (row[3], row[0]))
    assert merged.pk == question.pk
    assert merged.reply_count == len(published) == 5
    assert merged.last_reply_number == rows[-1][0] == 6
    assert merged.last_reply_id == latest[1]
    assert merged.last_activity_at >= latest[3]
    assert set(merged.tags.names()) == {"lead-scoring", "webinars"}

    duplicate.refresh_from_db()
    assert duplicate.visibility == Visibility.DELETED
    assert duplicate.merged_into_id == question.pk
    assert duplicate.reply_count == 0
    assert_logged(audit(), "merge", duplicate, by=manager, reason="Same question")


def test_next_reply_after_a_merge_is_numbered_on(manager, question, duplicate):
    ReplyFactory(topic=question)
    ReplyFactory(topic=duplicate)
    services.merge_topics(source=duplicate, into=question, moderator=manager)

    reply = ReplyFactory(topic=question)

    assert reply.number == 4
    assert [number for number, *_ in reply_rows(question)] == [1, 2, 3, 4]


def test_merge_moves_kudos_follows_and_counts(manager, question, duplicate, category):
    fan, both, stopped = CustomerFactory(), CustomerFactory(), CustomerFactory()
    services.toggle_kudos(member=fan, topic=duplicate)
    for member in (both, stopped):
        services.follow_topic(member=member, topic=duplicate)
    services.follow_topic(member=both, topic=question)
    services.unfollow_topic(member=stopped, topic=question)
    count_before = topic_count(category)

    services.merge_topics(source=duplicate, into=question, moderator=manager)

    opening = Reply.objects.get(topic=question, author=duplicate.author)
    assert list(Kudos.objects.filter(reply=opening).values_list("member", flat=True)) == [fan.pk]
    assert opening.kudos_count == 1
    assert not Kudos.objects.filter(topic=duplicate).exists()
    duplicate.author.profile.refresh_from_db()
    assert duplicate.author.profile.reputation == 1
    followers = list(TopicFollow.objects.filter(topic=question).values_list("member", flat=True))
    assert sorted(followers) == sorted({question.author_id, duplicate.author_id, both.pk})
    assert not TopicFollow.objects.filter(topic=duplicate).exists()
    assert topic_count(category) == count_before - 1


def test_merged_solution_stays_a_reply_but_not_the_target_solution(manager, question, duplicate):
    answer = ReplyFactory(topic=duplicate, body="Use a smart list on attendance, then score it.")
    services.accept_solution(topic=duplicate, reply=answer, member=duplicate.author)

    merged = services.merge_topics(source=duplicate, into=question, moderator=manager)

    answer.refresh_from_db()
    assert answer.topic_id == question.pk
    assert merged.solution_id is None
    duplicate.refresh_from_db()
    assert duplicate.solution_id is None


def test_old_address_of_a_merged_topic_redirects_to_the_target(
    client, manager, question, duplicate
):
    old_urls = [
        duplicate.get_absolute_url(),
        f"/forums/{duplicate.category.slug}/t/{duplicate.pk}/",
    ]
    services.merge_topics(source=duplicate, into=question, moderator=manager)

    for url in old_urls:
        response = client.get(url)
        assert response.status_code == 301, url
        assert response["Location"] == question.get_absolute_url()
    client.force_login(manager)
    assert client.get(old_urls[0])["Location"] == question.get_absolute_url()


def test_merging_a_topic_into_itself_is_refused(manager, question):
    with pytest.raises(TopicActionRefused, match="itself"):
        services.merge_topics(source=question, into=question, moderator=manager)


def test_merging_into_a_merged_topic_is_refused(manager, question, duplicate, category):
    third = TopicFactory(category=category)
    services.merge_topics(source=duplicate, into=question, moderator=manager)

    with pytest.raises(TopicActionRefused, match="merged into"):
        services.merge_topics(source=third, into=duplicate, moderator=manager)


def test_earlier_merges_follow_the_topic_they_went_into(manager, question, duplicate, category):
    first = TopicFactory(category=category)
    services.merge_topics(source=first, into=duplicate, moderator=manager)

    services.merge_topics(source=duplicate, into=question, moderator=manager)

    first.refresh_from_db()
    assert first.merged_into_id == question.pk


# --- Only community managers --------------------------------------------------------------

ACTIONS = {
    "lock": lambda topic, other, member: services.lock_topic(topic=topic, moderator=member),
    "pin": lambda topic, other, member: services.pin_topic(
        topic=topic, moderator=member, scope="global"
    ),
    "move": lambda topic, other, member: services.move_topic(
        topic=topic, to_category=other.category, moderator=member
    ),
    "merge": lambda topic, other, member: services.merge_topics(
        source=topic, into=other, moderator=member
    ),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["customer", "partner", "topic author"])
def test_members_cannot_manage_topics(role, action, question, other_category, audit):
    other = TopicFactory(category=other_category)
    member = {
        "customer": CustomerFactory,
        "partner": PartnerFactory,
        "topic author": lambda: question.author,
    }[role]()

    with pytest.raises(PermissionDenied):
        ACTIONS[action](question, other, member)

    refreshed = Topic.objects.get(pk=question.pk)
    assert (refreshed.is_locked, refreshed.is_pinned, refreshed.category_id) == (
        False,
        False,
        question.category_id,
    )
    assert refreshed.visibility == Visibility.PUBLISHED
    assert audit() == []


# --- The Manage page ---------------------------------------------------------------------


def manage_url(topic, action: str = "") -> str:
    return f"/forums/t/{topic.pk}/manage/{action + '/' if action else ''}"


@pytest.mark.parametrize("member_factory", [CustomerFactory, PartnerFactory])
def test_members_get_403_from_the_manage_pages(client, member_factory, question, other_category):
    client.force_login(member_factory())
    target = TopicFactory(category=other_category)

    responses = [
        client.get(manage_url(question)),
        client.post(manage_url(question, "lock"), {"state": "locked"}),
        client.post(manage_url(question, "pin"), {"scope": "global"}),
        client.post(manage_url(question, "move"), {"category": other_category.pk}),
        client.post(manage_url(question, "merge"), {"into": target.pk, "confirmed": "1"}),
    ]

    assert [response.status_code for response in responses] == [403] * 5
    question.refresh_from_db()
    assert not (question.is_locked or question.is_pinned)
    assert question.category_id != other_category.pk
    assert question.merged_into_id is None


def test_guests_are_asked_to_sign_in(client, question):
    response = client.get(manage_url(question))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_managers_see_the_manage_menu_and_members_do_not(client, manager, question):
    client.force_login(CustomerFactory())
    assert manage_url(question) not in client.get(question.get_absolute_url()).content.decode()

    client.force_login(manager)
    page = client.get(question.get_absolute_url()).content.decode()
    manage_page = client.get(manage_url(question))

    assert manage_url(question) in page
    assert manage_page.status_code == 200
    assert "Lock topic" in manage_page.content.decode()


def test_manager_locks_a_topic_from_the_menu(client, manager, question, audit):
    client.force_login(manager)

    response = client.post(manage_url(question, "lock"), {"state": "locked", "reason": "Heated"})

    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    question.refresh_from_db()
    assert question.is_locked
    assert_logged(audit(), "lock", question, by=manager, reason="Heated")


def test_a_stale_lock_button_says_what_happened(client, manager, question):
    Topic.objects.filter(pk=question.pk).update(is_locked=True)
    client.force_login(manager)

    response = client.post(manage_url(question, "lock"), {"state": "locked", "reason": "Spam"})

    assert response.status_code == 422
    content = response.content.decode()
    assert "already locked" in content
    assert "Spam" in content


def test_manager_pins_a_topic_everywhere_from_the_manage_page(client, manager, question, audit):
    client.force_login(manager)

    response = client.post(manage_url(question, "pin"), {"scope": "global", "reason": "Big news"})

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.pinned_globally
    assert [entry.action for entry in audit()] == ["pin_globally"]
    assert client.get("/forums/").context["topic_page"].pinned == [question]


def test_manager_unpins_from_the_manage_page(client, manager, question):
    Topic.objects.filter(pk=question.pk).update(is_pinned=True)
    client.force_login(manager)

    client.post(manage_url(question, "pin"), {"scope": "none"})

    question.refresh_from_db()
    assert not question.is_pinned


def test_manager_moves_a_topic_from_the_manage_page(client, manager, question, other_category):
    client.force_login(manager)

    response = client.post(
        manage_url(question, "move"), {"category": other_category.pk, "reason": "Wrong place"}
    )

    question.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert question.category_id == other_category.pk


@pytest.mark.parametrize(
    ("category_value", "message"),
    [("999999", "choose one from the list"), ("", "Choose the category"), ("same", "already in")],
)
def test_moving_to_a_wrong_category_explains_why(
    client, manager, question, category_value, message, audit
):
    client.force_login(manager)
    if category_value == "same":
        category_value = question.category_id

    response = client.post(
        manage_url(question, "move"), {"category": category_value, "reason": "Tidying up"}
    )

    assert response.status_code == 422
    content = response.content.decode()
    assert message in content
    assert "Tidying up" in content
    assert audit() == []


def test_merging_asks_for_confirmation_then_merges(client, manager, question, duplicate, audit):
    client.force_login(manager)
    form = {"into": question.get_absolute_url(), "reason": "Duplicate of the older question"}

    preview = client.post(manage_url(duplicate, "merge"), form)
    assert preview.status_code == 200
    assert "Merge topics" in preview.content.decode()
    assert question.title in preview.content.decode()
    assert audit() == []

    response = client.post(
        manage_url(duplicate, "merge"),
        {"into": question.pk, "reason": form["reason"], "confirmed": "1"},
    )

    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == question.pk
    assert_logged(audit(), "merge", duplicate, by=manager, reason="Duplicate of the older question")


@pytest.mark.parametrize(
    ("into", "message"),
    [
        ("987654", "There is no topic"),
        ("https://example.com/forums/x/t/987654-gone/", "There is no topic"),
        ("not a topic", "There is no topic"),
        ("", "Say which topic"),
        ("itself", "merged into itself"),
    ],
)
def test_merging_into_a_wrong_topic_explains_why(client, manager, duplicate, into, message, audit):
    client.force_login(manager)
    if into == "itself":
        into = str(duplicate.pk)

    response = client.post(
        manage_url(duplicate, "merge"), {"into": into, "reason": "Cleanup", "confirmed": "1"}
    )

    assert response.status_code == 422
    content = response.content.decode()
    assert message in content
    assert "Cleanup" in content
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None
    assert audit() == []


def test_a_topic_can_be_named_by_a_reply_link(client, manager, question, duplicate):
    reply = ReplyFactory(topic=question)
    client.force_login(manager)

    preview = client.post(manage_url(duplicate, "merge"), {"into": f"/forums/r/{reply.pk}/"})

    assert preview.status_code == 200
    assert preview.context["merge_preview"]["target"] == question


def test_manage_page_of_an_unknown_topic_is_404(client, manager):
    client.force_login(manager)

    assert client.get("/forums/t/987654/manage/").status_code == 404


# --- The Wagtail admin -------------------------------------------------------------------


def test_admin_flag_changes_are_recorded_in_the_audit_log(client, manager, question, audit):
    client.force_login(manager)

    response = client.post(
        f"/admin/forum_topics/edit/{question.pk}/",
        {"pinned_globally": "on", "is_locked": "on", "reason": "Launch day"},
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.is_pinned and question.pinned_globally and question.is_locked
    entries = audit()
    assert sorted(entry.action for entry in entries) == ["lock", "pin_globally"]
    assert all(entry.actor == manager and entry.reason == "Launch day" for entry in entries)


def test_admin_topic_list_links_to_the_manage_page(client, manager, question):
    client.force_login(manager)

    listing = client.get("/admin/forum_topics/")

    assert manage_url(question) in listing.content.decode()


# --- Concurrency (PostgreSQL) -------------------------------------------------------------


@on_postgresql_with_threads
def test_two_managers_merging_a_pair_both_ways_at_once_merge_it_once():
    category = ForumCategoryFactory()
    first, second = TopicFactory(category=category), TopicFactory(category=category)
    ReplyFactory(topic=first)
    ReplyFactory(topic=second)
    managers = [CommunityManagerFactory(), CommunityManagerFactory()]

    def merge(pair):
        manager, source, into = pair
        try:
            return services.merge_topics(source=source, into=into, moderator=manager)
        except TopicActionRefused:
            return None

    results = run_together(merge, [(managers[0], first, second), (managers[1], second, first)])

    assert sum(result is not None for result in results) == 1
    kept = next(result for result in results if result is not None)
    assert [number for number, *_ in reply_rows(kept)] == [1, 2, 3]
    assert ModerationAction.objects.filter(action="merge").count() == 1


@on_postgresql_with_threads
def test_replies_posted_during_a_merge_are_numbered_without_gaps():
    category = ForumCategoryFactory()
    target, source = TopicFactory(category=category), TopicFactory(category=category)
    for topic in (target, source):
        for _ in range(3):
            ReplyFactory(topic=topic)
    manager = CommunityManagerFactory()
    repliers = [CustomerFactory() for _ in range(6)]

    def act(member):
        if member is None:
            return services.merge_topics(source=source, into=target, moderator=manager)
        return services.post_reply(topic=target, author=member, body=f"Same here ({member.pk}).")

    run_together(act, [None, *repliers])

    numbers = [number for number, *_ in reply_rows(target)]
    assert numbers == list(range(1, 3 + 1 + 3 + 6 + 1))
    target.refresh_from_db()
    assert target.last_reply_number == numbers[-1]
    assert target.reply_count == len(numbers)
