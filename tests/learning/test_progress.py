"""Enrolling is one click, lessons complete once, and a course completes with its last lesson."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community.notifications.models import Notification
from learning import services
from learning.models import Enrolment, LessonProgress
from tests.factories.learning import CourseFactory

pytestmark = pytest.mark.django_db


def test_enrolling_twice_enrols_once(member, course):
    first = services.enrol(member=member, course=course)
    second = services.enrol(member=member, course=course)
    assert first.pk == second.pk
    assert Enrolment.objects.count() == 1


def test_a_banned_member_cannot_enrol(banned_member, course):
    with pytest.raises(PermissionDenied, match="banned"):
        services.enrol(member=banned_member, course=course)


def test_an_unpublished_course_takes_no_enrolment(member):
    draft = CourseFactory(live=False)
    with pytest.raises(PermissionDenied):
        services.enrol(member=member, course=draft)


def test_completing_a_lesson_twice_counts_it_once(member, course, lessons):
    assert services.complete_lesson(member=member, lesson=lessons[0]) is True
    assert services.complete_lesson(member=member, lesson=lessons[0]) is False

    enrolment = Enrolment.objects.get(member=member, course=course)
    assert enrolment.lessons_completed == 1
    assert enrolment.last_lesson_id == lessons[0].pk
    assert enrolment.completed_at is None


def test_the_last_lesson_completes_the_course_and_tells_the_member(member, course, lessons):
    for lesson in lessons:
        services.complete_lesson(member=member, lesson=lesson)

    enrolment = Enrolment.objects.get(member=member, course=course)
    assert (enrolment.lessons_completed, enrolment.is_completed) == (2, True)
    assert (
        Notification.objects.filter(recipient=member, kind="learning_course_completed").count() == 1
    )


def test_mark_complete_goes_on_to_the_next_lesson(client, member, course, lessons):
    client.force_login(member)
    response = client.post(reverse("learning:complete", args=[lessons[0].pk]))
    assert response.status_code == 302
    assert response["Location"] == lessons[1].url
    assert LessonProgress.objects.filter(member=member, lesson=lessons[0]).exists()


def test_enrolling_needs_a_signed_in_member(client, course):
    response = client.post(reverse("learning:enrol", args=[course.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not Enrolment.objects.exists()
