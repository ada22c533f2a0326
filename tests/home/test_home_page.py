"""The home page: a member's own feed first when signed in; solved and busy topics for visitors.

Every list only ever holds topics the viewer may open, and the page costs the same number of
queries with a handful of topics or with hundreds.
"""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums import services as forum_services
from forums.models import Topic, Visibility
from tests.factories import CustomerFactory, PartnerFactory
from tests.factories.forums import ReplyFactory, TopicFactory, seed_replies, seed_topics
from tests.markup import page_headings

pytestmark = pytest.mark.django_db

FEED_SECTION = re.compile(
    r'<section class="container home-section home-feed"[^>]*>(.*?)</section>', re.S
)
SECTION_KEY = re.compile(r'<h2 id="home-feed-([a-z-]+)">')
ROW_TITLE = re.compile(
    r'<a class="topic-row__link[^"]*"[^>]*>(?:<span class="visually-hidden">[^<]*</span>)?([^<]*)</a>'
)

# The most queries the home page may cost, whatever the number of topics, replies or follows.
# Of these, the feed spends 5-6 (its rows, then tags and badges once for all of them).
ANONYMOUS_BUDGET = 18
SIGNED_IN_BUDGET = 20


def feed_of(response) -> dict[str, list[str]]:
    """The feed's sections, in page order, each with the titles of its topics."""
    assert response.status_code == 200
    sections = {}
    for body in FEED_SECTION.findall(response.content.decode()):
        key = SECTION_KEY.search(body).group(1)
        sections[key] = [unescape(title).strip() for title in ROW_TITLE.findall(body)]
    return sections


def all_titles(response) -> set[str]:
    return {title for titles in feed_of(response).values() for title in titles}


# --- Signed out ---------------------------------------------------------------------------


def test_visitor_sees_latest_solved_questions_and_busiest_topics(client, site_tree, category):
    solved = TopicFactory(category=category, title="How do I set up single sign-on with Okta?")
    answer = ReplyFactory(topic=solved)
    forum_services.accept_solution(topic=solved, reply=answer, member=solved.author)
    busy = TopicFactory(category=category, title="What does your lead lifecycle look like?")
    seed_replies(topic=busy, authors=[CustomerFactory()], count=12)
    TopicFactory(category=category, title="A quiet question nobody has answered")

    feed = feed_of(client.get("/"))

    assert list(feed) == ["solved", "busiest"]
    assert feed["solved"] == ["How do I set up single sign-on with Okta?"]
    # A topic shows once: the solved one is not repeated among the busiest.
    assert feed["busiest"] == ["What does your lead lifecycle look like?"]


def test_busiest_topics_prefer_the_last_two_weeks_and_fall_back_to_all_time(
    client, site_tree, category
):
    authors = [CustomerFactory()]
    old_giant = TopicFactory(category=category, title="An old thread with a hundred replies")
    seed_replies(topic=old_giant, authors=authors, count=100)
    Topic.objects.filter(pk=old_giant.pk).update(
        last_activity_at=old_giant.created_at.replace(year=old_giant.created_at.year - 1)
    )
    # Quiet fortnight: fewer than five busy topics lately, so the all-time list is shown.
    assert feed_of(client.get("/"))["busiest"][0] == "An old thread with a hundred replies"

    recent = []
    for number in range(5):
        topic = TopicFactory(category=category, title=f"Busy this week, thread {number}")
        seed_replies(topic=topic, authors=authors, count=number + 1)
        recent.append(topic.title)

    busiest = feed_of(client.get("/"))["busiest"]

    assert busiest == list(reversed(recent))
    assert "An old thread with a hundred replies" not in busiest


def test_visitor_never_sees_restricted_or_held_topics(client, site_tree, category, partner_lounge):
    lounge = TopicFactory(category=partner_lounge, author=PartnerFactory(), title="Partner preview")
    seed_replies(topic=lounge, authors=[PartnerFactory()], count=30)
    held = TopicFactory(category=category, title="Held for approval, busy")
    seed_replies(topic=held, authors=[CustomerFactory()], count=30)
    Topic.objects.filter(pk=held.pk).update(visibility=Visibility.HELD)
    public = TopicFactory(category=category, title="A public thread with replies")
    ReplyFactory(topic=public)

    titles = all_titles(client.get("/"))

    assert titles == {"A public thread with replies"}


def test_visitor_still_gets_the_welcome_hero_and_sign_up(client, site_tree):
    content = client.get("/").content.decode()

    assert "Where our customers help each other win" in content
    assert 'href="/accounts/signup/"' in content


# --- Signed in ----------------------------------------------------------------------------


def test_member_sees_unanswered_questions_from_their_industry_first(
    client, site_tree, category, member, manufacturing, other_industry
):
    peer = CustomerFactory(profile__industry=manufacturing)
    stranger = CustomerFactory(profile__industry=other_industry)
    TopicFactory(category=category, author=stranger, title="Unanswered, from another industry")
    TopicFactory(category=category, author=peer, title="Unanswered, from a manufacturing peer")
    answered = TopicFactory(category=category, author=peer, title="Answered manufacturing question")
    ReplyFactory(topic=answered)
    TopicFactory(category=category, author=member, title="My own unanswered question")
    client.force_login(member)

    response = client.get("/")

    assert feed_of(response)["unanswered"] == ["Unanswered, from a manufacturing peer"]
    assert "Unanswered in your industry" in response.content.decode()


def test_member_of_a_quiet_industry_sees_unanswered_questions_from_anywhere(
    client, site_tree, category, member, other_industry
):
    stranger = CustomerFactory(profile__industry=other_industry)
    TopicFactory(category=category, author=stranger, title="Unanswered, from another industry")
    client.force_login(member)

    response = client.get("/")

    assert feed_of(response)["unanswered"] == ["Unanswered, from another industry"]
    assert "Unanswered in your industry" not in response.content.decode()


def test_member_sees_new_replies_to_their_topics_first(client, site_tree, category, member):
    mine = TopicFactory(category=category, author=member, title="My question about webhooks")
    ReplyFactory(topic=mine, author=CustomerFactory())
    only_me = TopicFactory(category=category, author=member, title="I replied to myself last")
    ReplyFactory(topic=only_me, author=CustomerFactory())
    ReplyFactory(topic=only_me, author=member)
    client.force_login(member)

    feed = feed_of(client.get("/"))

    assert list(feed)[0] == "replies"
    assert feed["replies"] == ["My question about webhooks"]


def test_member_sees_activity_in_followed_categories_and_topics(
    client, site_tree, category, second_category, member
):
    forum_services.follow_category(member=member, category=category)
    in_followed_category = TopicFactory(category=category, title="New in a followed category")
    ReplyFactory(topic=in_followed_category)
    followed_topic = TopicFactory(category=second_category, title="A topic I follow elsewhere")
    ReplyFactory(topic=followed_topic)
    forum_services.follow_topic(member=member, topic=followed_topic)
    unfollowed = TopicFactory(category=second_category, title="Not followed at all")
    ReplyFactory(topic=unfollowed)
    client.force_login(member)

    feed = feed_of(client.get("/"))

    assert set(feed["following"]) == {"New in a followed category", "A topic I follow elsewhere"}


def test_member_only_sees_topics_they_may_open(client, site_tree, category, partner_lounge, member):
    lounge = TopicFactory(category=partner_lounge, author=PartnerFactory(), title="Partner preview")
    forum_services.follow_topic(member=PartnerFactory(), topic=lounge)
    TopicFactory(category=partner_lounge, author=PartnerFactory(), title="Lounge question")
    held = TopicFactory(category=category, title="Held question from a newcomer")
    Topic.objects.filter(pk=held.pk).update(visibility=Visibility.HELD)
    TopicFactory(category=category, title="A public question")
    client.force_login(member)

    titles = all_titles(client.get("/"))

    assert titles == {"A public question"}


def test_partner_sees_the_lounge_in_their_feed(client, site_tree, partner_lounge):
    partner = PartnerFactory()
    TopicFactory(category=partner_lounge, author=PartnerFactory(), title="Lounge question")
    client.force_login(partner)

    assert feed_of(client.get("/"))["unanswered"] == ["Lounge question"]


def test_member_home_page_leads_with_their_feed_not_the_marketing_hero(client, site_tree, member):
    client.force_login(member)

    content = client.get("/").content.decode()

    assert page_headings(content) == ["Welcome back, Ana Souza"]
    assert 'href="/accounts/signup/"' not in content


def test_member_with_an_empty_feed_is_pointed_at_categories_to_follow(client, site_tree, member):
    client.force_login(member)

    response = client.get("/")

    assert feed_of(response) == {}
    assert 'href="/welcome/#welcome-follow"' in response.content.decode()


# --- Query budget -------------------------------------------------------------------------


def _queries_for(client, path: str = "/") -> int:
    client.get(path)  # warm per-process caches (site root paths, settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries.captured_queries)


def _grow_forums(category, second_category, member, *, topics: int) -> None:
    """Topics of every kind the feed lists: solved, busy, unanswered, followed, the member's own."""
    authors = [CustomerFactory(profile__industry=member.profile.industry), PartnerFactory()]
    for topic in seed_topics(category=category, authors=authors, count=topics):
        topic.tags.add("webhooks", "api")
    seed_topics(category=second_category, authors=[member], count=topics // 2)
    for topic in Topic.objects.filter(category=second_category)[:6]:
        seed_replies(topic=topic, authors=authors, count=3)
    for topic in Topic.objects.filter(category=category)[:6]:
        reply = ReplyFactory(topic=topic, author=authors[0])
        forum_services.accept_solution(topic=topic, reply=reply, member=topic.author)
    forum_services.follow_category(member=member, category=category)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_home_page_queries_do_not_grow_with_the_forums(
    client, site_tree, category, second_category, member, signed_in
):
    if signed_in:
        client.force_login(member)
    _grow_forums(category, second_category, member, topics=4)
    with_few = _queries_for(client)

    _grow_forums(category, second_category, member, topics=120)
    with_many = _queries_for(client)

    budget = SIGNED_IN_BUDGET if signed_in else ANONYMOUS_BUDGET
    assert with_many <= with_few <= budget, (with_few, with_many)
