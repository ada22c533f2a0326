"""What learning declares to the core: openable courses and lessons, their search entries (never
a quiz), the notification kind, and the member's data export."""

import pytest

from community.core import extensions
from community.members.data_export import export_member
from community.notifications.services import preferences_of
from community.search import registry
from learning import services
from learning.notification_kinds import LearningKind
from learning.pages import CoursePage, LessonPage
from tests.factories.learning import right_answers

pytestmark = pytest.mark.django_db


def test_members_choose_how_they_hear_of_each_learning_kind(member):
    preferences = preferences_of(member)
    for kind in LearningKind:
        assert kind in preferences


def test_only_published_courses_and_their_lessons_can_be_opened(member, course, lessons):
    courses = extensions.content_for(CoursePage)
    lessons_descriptor = extensions.content_for(LessonPage)
    assert courses.openable_pks(member, {course.pk}) == {course.pk}
    assert lessons_descriptor.openable_pks(member, {lessons[0].pk}) == {lessons[0].pk}

    course.unpublish()

    assert courses.openable_pks(member, {course.pk}) == set()
    # The lesson is still live, but under an unpublished course nobody can reach it.
    assert lessons_descriptor.openable_pks(member, {lessons[0].pk}) == set()


def test_courses_are_searched_with_their_level_as_status(course):
    (document,) = registry.get("course").documents([course.pk])
    assert document.status == "beginner"
    assert document.title == course.title
    assert "beginner" in registry.statuses()


def test_a_lesson_is_searched_without_its_quiz(quiz_lesson):
    (document,) = registry.get("lesson").documents([quiz_lesson.pk])
    for question in quiz_lesson.quiz.questions.all():
        assert question.text not in document.body
        for option in question.options.all():
            assert option.text not in document.body


def test_the_data_export_holds_progress_and_attempts(member, course, lessons, quiz_lesson):
    services.complete_lesson(member=member, lesson=lessons[0])
    token = services.attempt_token(member=member, quiz=quiz_lesson.quiz, number=1)
    services.submit_attempt(
        member=member, lesson=quiz_lesson, token=token, answers=right_answers(quiz_lesson.quiz)
    )

    exported = export_member(member)["learning"]

    (enrolment,) = exported["enrolments"]
    assert (enrolment["course"], enrolment["lessons_completed"]) == (course.title, 2)
    assert {row["lesson"] for row in exported["lessons_completed"]} == {"Step 1", "Check"}
    (attempt,) = exported["quiz_attempts"]
    assert (attempt["number"], attempt["score"], attempt["passed"]) == (1, 100, True)


def test_courses_and_lessons_are_found_in_the_one_search_each_under_its_type(
    settings, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import AnonymousUser

    from community.search import services as search_services
    from community.search.query import SearchRequest
    from tests.factories.learning import CourseFactory, LessonFactory

    settings.COMMUNITY_SEARCH_BACKEND = "database"
    with django_capture_on_commit_callbacks(execute=True):
        course = CourseFactory(title="Orchestrating journeys", summary="Journeys end to end.")
        LessonFactory(course=course, title="Orchestrating the first trigger")

    def search(**filters):
        request = SearchRequest(text="orchestrating", filters=filters)
        return search_services.search(
            request, viewer=AnonymousUser(), catalog=search_services.facet_catalog()
        )

    results = search()
    (types,) = [facet for facet in results.facets if facet.name == "type"]
    counts = {value.value: value.count for value in types.values}
    assert counts.get("course") == 1 and counts.get("lesson") == 1
    labels = {value.value: value.label for value in types.values}
    assert (labels["course"], labels["lesson"]) == ("Courses", "Lessons")
    assert [hit.heading for hit in search(type=("lesson",)).hits] == [
        "Orchestrating the first trigger"
    ]
    assert [hit.heading for hit in search(type=("course",)).hits] == ["Orchestrating journeys"]
