"""Recommending stories (kudos) and the advocate badge."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import PageViewRestriction

from community.members.models import User
from community.members.roles import ADVOCATE_GROUP
from community.notifications.kinds import Kind
from community.notifications.models import Notification
from community.notifications.targets import unavailable_ids
from community.stories import services
from community.stories.models import StoryRecommendation
from tests.concurrency import on_postgresql_with_threads, run_together
from tests.factories import CustomerFactory
from tests.factories.stories import ArticleFactory, StoryFactory, decide, submit_for_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(stories, partner_section, partner):
    return StoryFactory(
        parent=partner_section.page,
        owner=partner,
        title="Bluefin Health answers patients in minutes",
    )


def fresh(member) -> User:
    return User.objects.get(pk=member.pk)


def recommend_url(story) -> str:
    return f"{story.url}recommend/"


# --- Recommending ----------------------------------------------------------------------------


def test_recommending_twice_takes_the_recommendation_back(story, reader):
    assert services.toggle_recommendation(member=reader, story=story) == (True, 1)
    assert services.toggle_recommendation(member=reader, story=story) == (False, 0)
    assert not StoryRecommendation.objects.filter(story=story).exists()


def test_each_member_counts_once(story, reader):
    others = [CustomerFactory(), CustomerFactory()]

    services.toggle_recommendation(member=reader, story=story)
    for member in others:
        recommends, count = services.toggle_recommendation(member=member, story=story)

    assert recommends is True
    assert count == 3


def test_the_story_owner_hears_of_a_recommendation(story, partner, reader):
    services.toggle_recommendation(member=reader, story=story)

    (notification,) = Notification.objects.filter(recipient=partner, kind=Kind.KUDOS)
    assert "Bluefin Health answers patients in minutes" in notification.text
    assert str(reader) in notification.text
    assert notification.url == story.url
    assert notification.target == story


def test_a_kudos_notification_opens_while_the_story_is_published(
    stories, partner_section, partner, reader
):
    article = ArticleFactory(parent=partner_section.page, owner=partner)
    services.toggle_recommendation(member=reader, story=article)
    notification = Notification.objects.get(recipient=partner, kind=Kind.KUDOS)

    assert unavailable_ids(partner, [notification]) == set()
    article.unpublish()
    assert unavailable_ids(partner, [notification]) == {notification.pk}


def test_recommending_your_own_story_notifies_nobody(story, partner):
    services.toggle_recommendation(member=partner, story=story)

    assert not Notification.objects.filter(kind=Kind.KUDOS).exists()


def test_recommendations_of_one_story_fold_into_one_notification(story, partner, reader):
    services.toggle_recommendation(member=reader, story=story)
    services.toggle_recommendation(member=CustomerFactory(), story=story)

    (notification,) = Notification.objects.filter(recipient=partner, kind=Kind.KUDOS)
    assert "and 1 other" in notification.text


@pytest.mark.parametrize("status", ["draft", "in_review", "rejected"])
def test_an_unpublished_story_cannot_be_recommended(partner_section, partner, reader, status):
    hidden = StoryFactory(parent=partner_section.page, owner=partner, status=status)

    with pytest.raises(PermissionDenied, match="Only published stories"):
        services.toggle_recommendation(member=reader, story=hidden)
    assert not StoryRecommendation.objects.exists()


def test_banned_member_cannot_recommend(story, banned_member):
    with pytest.raises(PermissionDenied, match="banned"):
        services.toggle_recommendation(member=banned_member, story=story)


def test_suspended_member_cannot_recommend(story, suspended_member):
    with pytest.raises(PermissionDenied, match="suspended until"):
        services.toggle_recommendation(member=suspended_member, story=story)


# --- Recommending through the page ---------------------------------------------------------


def test_member_recommends_from_the_story_page(client, story, reader):
    client.force_login(reader)

    response = client.post(recommend_url(story))

    assert response.status_code == 302
    assert response["Location"] == story.url
    assert StoryRecommendation.objects.filter(story=story, member=reader).exists()


def test_recommending_with_scripts_answers_with_the_new_count(client, story, reader):
    client.force_login(reader)

    first = client.post(recommend_url(story), headers={"Accept": "application/json"})
    second = client.post(recommend_url(story), headers={"Accept": "application/json"})

    assert first.json() == {"recommended": True, "count": 1}
    assert second.json() == {"recommended": False, "count": 0}


def test_member_recommends_an_article_from_its_page(client, partner_section, reader):
    article = ArticleFactory(parent=partner_section.page)
    client.force_login(reader)

    response = client.post(recommend_url(article), headers={"Accept": "application/json"})

    assert response.json() == {"recommended": True, "count": 1}


def test_story_page_shows_how_many_recommend_it(client, story, reader):
    StoryRecommendation.objects.create(story=story, member=CustomerFactory())
    client.force_login(reader)

    response = client.get(story.url)

    assert response.context["recommendation_count"] == 1
    assert response.context["recommended"] is False


def test_anonymous_visitor_is_sent_to_sign_in_to_recommend(client, story):
    response = client.post(recommend_url(story))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]
    assert not StoryRecommendation.objects.exists()


def test_anonymous_script_is_told_to_sign_in(client, story):
    response = client.post(recommend_url(story), headers={"Accept": "application/json"})

    assert response.status_code == 401
    assert "Sign in" in response.json()["error"]


def test_recommending_needs_a_post(client, story, reader):
    client.force_login(reader)

    assert client.get(recommend_url(story)).status_code == 405
    assert not StoryRecommendation.objects.exists()


@pytest.mark.parametrize(
    ("member", "reason"),
    [("banned_member", "banned"), ("suspended_member", "suspended until")],
)
def test_a_member_who_may_not_take_part_is_refused_with_the_reason(
    client, request, story, member, reason
):
    client.force_login(request.getfixturevalue(member))

    as_script = client.post(recommend_url(story), headers={"Accept": "application/json"})
    as_form = client.post(recommend_url(story), follow=True)

    assert as_script.status_code == 403
    assert reason in as_script.json()["error"]
    assert reason in as_form.content.decode()
    assert not StoryRecommendation.objects.exists()


def test_a_draft_cannot_be_recommended_through_its_address(client, partner_section, reader):
    draft = StoryFactory(parent=partner_section.page, status="draft")
    client.force_login(reader)

    response = client.post(recommend_url(draft), headers={"Accept": "application/json"})

    assert response.status_code == 404
    assert not StoryRecommendation.objects.exists()


def test_too_many_recommendations_are_slowed_down(client, story, reader, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "kudos": "2/600"}
    client.force_login(reader)

    answers = [
        client.post(recommend_url(story), headers={"Accept": "application/json"}).status_code
        for _ in range(3)
    ]

    assert answers == [200, 200, 429]


# --- Advocates -----------------------------------------------------------------------------


def test_advocates_of_a_published_story_carry_the_advocate_badge(stories, reader):
    assert not fresh(reader).is_advocate

    StoryFactory(advocates=[reader])

    assert fresh(reader).is_advocate
    assert Group.objects.get(name=ADVOCATE_GROUP).user_set.filter(pk=reader.pk).exists()


def test_advocates_of_a_draft_or_a_story_in_review_have_no_badge(
    stories, partner_section, partner, reader
):
    StoryFactory(advocates=[reader], status="draft")
    StoryFactory(parent=partner_section.page, owner=partner, advocates=[reader], status="in_review")
    services.sync_advocates()

    assert not fresh(reader).is_advocate


def test_approval_of_a_story_makes_its_advocates_advocates(
    partner_section, partner, manager, reader
):
    draft = StoryFactory(
        parent=partner_section.page, owner=partner, advocates=[reader], status="draft"
    )

    decide(submit_for_review(draft, partner), manager, "approve")

    assert fresh(reader).is_advocate


def test_unpublishing_the_story_takes_the_badge_away(stories, reader):
    story = StoryFactory(advocates=[reader])

    story.unpublish()

    assert not fresh(reader).is_advocate


def test_deleting_the_story_takes_the_badge_away(stories, reader):
    story = StoryFactory(advocates=[reader])

    story.delete()

    assert not fresh(reader).is_advocate


def test_an_advocate_of_two_stories_keeps_the_badge_while_one_is_published(stories, reader):
    first = StoryFactory(advocates=[reader])
    ArticleFactory(advocates=[reader])

    first.unpublish()

    assert fresh(reader).is_advocate


def test_removing_an_advocate_from_a_published_story_takes_their_badge_away(stories, reader):
    other = CustomerFactory()
    story = StoryFactory(advocates=[reader, other])

    story.advocates.remove(*[a for a in story.advocates.all() if a.member_id == reader.pk])
    story.save_revision().publish()

    assert not fresh(reader).is_advocate
    assert fresh(other).is_advocate


def test_making_a_story_private_takes_the_badge_away(stories, reader):
    story = StoryFactory(advocates=[reader])

    PageViewRestriction.objects.create(page=story, restriction_type="login")

    assert not fresh(reader).is_advocate


def test_the_badge_needs_no_query_once_groups_are_loaded(
    stories, reader, django_assert_num_queries
):
    StoryFactory(advocates=[reader])
    member = User.objects.prefetch_related("groups").get(pk=reader.pk)

    with django_assert_num_queries(0):
        assert member.is_advocate
        assert member.badge != ADVOCATE_GROUP


# --- At the same moment (PostgreSQL) -------------------------------------------------------


@on_postgresql_with_threads
def test_members_recommending_at_the_same_moment_count_once_each(site_tree):
    story = StoryFactory()
    members = [CustomerFactory() for _ in range(6)]

    results = run_together(
        lambda member: services.toggle_recommendation(member=member, story=story), members
    )

    assert all(recommends for recommends, _count in results)
    assert StoryRecommendation.objects.filter(story=story).count() == len(members)
    # Each answer counts what was committed when it was read, so it is never more than all.
    assert all(1 <= count <= len(members) for _recommends, count in results)


@on_postgresql_with_threads
def test_one_member_clicking_many_times_at_once_counts_at_most_once(site_tree):
    story = StoryFactory()
    member = CustomerFactory()

    run_together(lambda _: services.toggle_recommendation(member=member, story=story), range(6))

    assert StoryRecommendation.objects.filter(story=story, member=member).count() <= 1
