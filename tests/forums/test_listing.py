"""Topic listings: sorts, filters, segments, pinned topics and cursor pagination."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.members.models import Audience, Country, Industry
from forums import selectors, services
from forums.models import Topic
from forums.selectors import ListingFilters
from tests.factories import CustomerFactory
from tests.factories.forums import ForumCategoryFactory, ReplyFactory, TopicFactory, seed_topics

pytestmark = pytest.mark.django_db


def titles(topics) -> list[str]:
    return [topic.title for topic in topics]


def listing(viewer, category=None, **filters) -> list[Topic]:
    return selectors.topics_for_listing(
        viewer=viewer, category=category, filters=ListingFilters(**filters)
    ).topics


def aged(topic, *, days: int, active_days: int | None = None) -> Topic:
    """Move a topic back in time: created `days` ago, last active `active_days` ago."""
    now = timezone.now()
    Topic.objects.filter(pk=topic.pk).update(
        created_at=now - timedelta(days=days),
        last_activity_at=now - timedelta(days=days if active_days is None else active_days),
    )
    topic.refresh_from_db()
    return topic


@pytest.fixture
def three_topics(category):
    """An old topic with a fresh reply, a middle one with kudos, a new unanswered question."""
    old = aged(TopicFactory(category=category, title="Old topic with a fresh reply"), days=30)
    middle = aged(TopicFactory(category=category, title="Middle topic with kudos"), days=10)
    new = TopicFactory(category=category, title="New unanswered question")
    ReplyFactory(topic=old)
    for _ in range(2):
        services.toggle_kudos(member=CustomerFactory(), topic=middle)
    return old, middle, new


# --- Sorting -----------------------------------------------------------------------------


def test_latest_activity_comes_first_by_default(customer, category, three_topics):
    assert titles(listing(customer, category)) == [
        "Old topic with a fresh reply",
        "New unanswered question",
        "Middle topic with kudos",
    ]


def test_newest_sort_orders_by_when_topics_were_started(customer, category, three_topics):
    assert titles(listing(customer, category, sort="newest")) == [
        "New unanswered question",
        "Middle topic with kudos",
        "Old topic with a fresh reply",
    ]


def test_kudos_sort_puts_the_most_appreciated_first(customer, category, three_topics):
    assert titles(listing(customer, category, sort="kudos"))[0] == "Middle topic with kudos"


def test_unanswered_sort_lists_questions_without_replies(customer, category, three_topics):
    TopicFactory(category=category, kind=Topic.Kind.DISCUSSION, title="A discussion, no replies")

    assert titles(listing(customer, category, sort="unanswered")) == [
        "New unanswered question",
        "Middle topic with kudos",
    ]


def test_sort_and_filters_come_from_the_query_string(client, category, three_topics):
    response = client.get(category.url, {"sort": "newest"})

    assert titles(response.context["topic_page"].topics)[0] == "New unanswered question"
    assert response.context["filters"].sort == "newest"


# --- Filters -----------------------------------------------------------------------------


def test_tag_filter_lists_only_tagged_topics(client, category):
    tagged = TopicFactory(category=category, tags=["webhooks"])
    TopicFactory(category=category, tags=["api"])

    response = client.get(category.url, {"tag": "webhooks"})

    assert response.context["topic_page"].topics == [tagged]


def test_solved_and_unsolved_filters(customer, category, question):
    answer = ReplyFactory(topic=question)
    services.accept_solution(topic=question, reply=answer, member=question.author)
    open_question = TopicFactory(category=category)
    TopicFactory(category=category, kind=Topic.Kind.DISCUSSION)

    assert listing(customer, category, state="solved") == [question]
    assert listing(customer, category, state="unsolved") == [open_question]


@pytest.fixture
def segments(category):
    """Topics by members in two industries and two regions, with B2B, B2C and both audiences."""
    software, retail = Industry.objects.order_by("sort_order")[:2]
    germany, brazil = Country.objects.get(code="DE"), Country.objects.get(code="BR")
    assert germany.region_id != brazil.region_id
    authors = {
        "software-emea-b2b": (software, germany, Audience.B2B),
        "retail-latam-b2c": (retail, brazil, Audience.B2C),
        "retail-emea-both": (retail, germany, Audience.BOTH),
    }
    for title, (industry, country, audience) in authors.items():
        author = CustomerFactory(
            profile__industry=industry, profile__country=country, profile__audience=audience
        )
        TopicFactory(category=category, author=author, title=f"Topic from {title}")
    return software, germany


def _segment_titles(viewer, category, segment):
    return sorted(
        t.title.removeprefix("Topic from ") for t in listing(viewer, category, segment=segment)
    )


def test_my_industry_lists_topics_from_members_in_my_industry(category, segments):
    software, germany = segments
    me = CustomerFactory(profile__industry=software, profile__country=germany)

    assert _segment_titles(me, category, "industry") == ["software-emea-b2b"]


def test_my_region_lists_topics_from_members_in_my_region(category, segments):
    software, germany = segments
    me = CustomerFactory(profile__industry=software, profile__country=germany)

    assert _segment_titles(me, category, "region") == ["retail-emea-both", "software-emea-b2b"]


def test_audience_segments_include_topics_for_both(category, segments):
    assert _segment_titles(CustomerFactory(), category, "b2b") == [
        "retail-emea-both",
        "software-emea-b2b",
    ]
    assert _segment_titles(CustomerFactory(), category, "b2c") == [
        "retail-emea-both",
        "retail-latam-b2c",
    ]


def test_personal_segments_are_ignored_for_visitors(client, category, segments):
    response = client.get(category.url, {"segment": "industry"})

    assert response.status_code == 200
    assert len(response.context["topic_page"].topics) == 3


def test_member_without_a_country_sees_no_region_topics_and_no_error(client, category, segments):
    me = CustomerFactory(profile__country=None)
    client.force_login(me)

    response = client.get(category.url, {"segment": "region"})

    assert response.status_code == 200
    assert response.context["topic_page"].topics == []


# --- Pinned topics -----------------------------------------------------------------------


def test_pinned_topics_come_first_on_the_first_page_only(customer, category):
    seed_topics(category=category, authors=[customer], count=30)
    pinned = aged(TopicFactory(category=category, is_pinned=True, title="Read this first"), days=90)

    first = selectors.topics_for_listing(viewer=customer, category=category)
    second = selectors.topics_for_listing(
        viewer=customer, category=category, after=first.next_cursor
    )

    assert first.pinned == [pinned]
    assert pinned not in first.topics
    assert second.pinned == []
    assert pinned not in second.topics


def test_pinned_topics_are_shown_first_on_the_page(client, category):
    TopicFactory(category=category, title="A regular topic about webhooks")
    aged(TopicFactory(category=category, is_pinned=True, title="Read this first"), days=90)

    content = client.get(category.url).content.decode()

    assert content.index("Read this first") < content.index("A regular topic about webhooks")


# --- Cursor pagination -------------------------------------------------------------------


def walk(viewer, category, *, direction="after", cursor="", **filters):
    """Every page from `cursor` on, following next (or previous) cursors to the end."""
    pages = []
    while True:
        page = selectors.topics_for_listing(
            viewer=viewer,
            category=category,
            filters=ListingFilters(**filters),
            **{direction: cursor},
        )
        pages.append(page)
        cursor = page.next_cursor if direction == "after" else page.previous_cursor
        if not cursor:
            return pages


@pytest.mark.parametrize("sort", ["activity", "newest", "kudos"])
def test_walking_forward_visits_every_topic_exactly_once(customer, category, sort):
    seeded = seed_topics(category=category, authors=[customer], count=60)

    pages = walk(customer, category, sort=sort)

    seen = [topic.pk for page in pages for topic in page.topics]
    assert len(pages) == 3
    assert sorted(seen) == sorted(topic.pk for topic in seeded)
    assert len(seen) == len(set(seen))


def test_topics_with_the_same_activity_time_are_each_listed_once(customer, category):
    seeded = seed_topics(category=category, authors=[customer], count=55)
    Topic.objects.filter(pk__in=[t.pk for t in seeded]).update(last_activity_at=timezone.now())

    seen = [topic.pk for page in walk(customer, category) for topic in page.topics]

    assert sorted(seen) == sorted(topic.pk for topic in seeded)


def test_walking_back_returns_the_same_pages_in_reverse(customer, category):
    seed_topics(category=category, authors=[customer], count=60)
    forward = walk(customer, category)

    backward = walk(customer, category, direction="before", cursor=forward[-1].previous_cursor)

    assert [page.topics for page in backward] == [page.topics for page in forward[-2::-1]]
    assert backward[-1].is_first
    assert not forward[-1].next_cursor


def test_the_category_page_links_to_the_next_page(client, customer, category):
    seed_topics(category=category, authors=[customer], count=30)

    first = client.get(category.url)
    cursor = first.context["topic_page"].next_cursor
    second = client.get(category.url, {"after": cursor})

    assert cursor in first.content.decode()
    shown_first = {t.pk for t in first.context["topic_page"].topics}
    shown_second = {t.pk for t in second.context["topic_page"].topics}
    assert len(shown_first) == 25
    assert len(shown_second) == 5
    assert not shown_first & shown_second


def test_cursor_keeps_the_sort_and_filters(customer, category):
    topics = seed_topics(category=category, authors=[customer], count=40)
    for topic in topics[:30]:
        topic.tags.add("webhooks")

    pages = walk(customer, category, sort="newest", tag="webhooks")

    seen = [t.pk for page in pages for t in page.topics]
    assert sorted(seen) == sorted(t.pk for t in topics[:30])


def test_forums_page_lists_the_latest_topics_of_every_category(client, category, forums):
    other = ForumCategoryFactory(title="Data & integrations")
    here = TopicFactory(category=category)
    there = TopicFactory(category=other)

    response = client.get("/forums/")

    assert response.status_code == 200
    assert {t.pk for t in response.context["topic_page"].topics} == {here.pk, there.pk}
