"""Each course has a place for questions: its forum category, the latest questions there (with
the course's tag, when it names one) on the course page, and a way to ask one."""

import pytest
from django.urls import reverse

from community.members.roles import Role
from tests.factories import PartnerFactory
from tests.factories.forums import ForumCategoryFactory, TopicFactory
from tests.factories.pages import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return ForumCategoryFactory(title="Getting started", slug="getting-started")


def _discuss_in(course, category, tag=""):
    course.discussion_category = category
    course.discussion_tag = tag
    course.save()
    return publish(course)


def test_the_course_page_lists_its_latest_questions(client, course, category):
    course = _discuss_in(course, category)
    TopicFactory(category=category, title="Can a journey start from a form fill?")
    TopicFactory(category=category, title="Let's share welcome series", kind="discussion")
    text = client.get(course.url).text
    assert "Questions about this course" in text
    assert "Can a journey start from a form fill?" in text
    assert "Let's share welcome series" not in text
    assert reverse("forums:new_topic_in", kwargs={"category": "getting-started"}) in text


def test_a_course_tag_keeps_the_courses_own_questions(client, course, category):
    course = _discuss_in(course, category, tag="ジャーニー")
    TopicFactory(category=category, title="Exit criteria for the journey?", tags=["ジャーニー"])
    TopicFactory(category=category, title="Importing a CSV of contacts?")
    text = client.get(course.url).text
    assert "Exit criteria for the journey?" in text
    assert "Importing a CSV of contacts?" not in text
    assert "#ジャーニー" in text
    ask = reverse("forums:new_topic_in", kwargs={"category": "getting-started"})
    assert f"{ask}?tags=%E3%82%B8%E3%83%A3%E3%83%BC%E3%83%8B%E3%83%BC" in text


def test_a_course_with_no_questions_yet_invites_the_first(client, course, category):
    course = _discuss_in(course, category)
    text = client.get(course.url).text
    assert "No questions yet" in text
    assert "Ask a question" in text


def test_a_restricted_category_is_not_shown_to_those_outside_it(client, course, member):
    lounge = ForumCategoryFactory(title="Partner lounge", restricted_to=[Role.PARTNER])
    course = _discuss_in(course, lounge)
    TopicFactory(category=lounge, title="Co-selling the spring release?", author=PartnerFactory())
    client.force_login(member)
    text = client.get(course.url).text
    assert "Questions about this course" not in text
    assert "Co-selling the spring release?" not in text


def test_a_course_without_a_category_shows_no_questions(client, course):
    assert "Questions about this course" not in client.get(course.url).text
