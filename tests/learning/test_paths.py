"""Learning paths: courses in order, the member's progress on each, enrolling in the whole path
at once, the next step, and the completion a certification is issued on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning import selectors, services
from learning.models import Enrolment, LessonProgress
from tests.factories import CustomerFactory
from tests.factories.learning import CourseFactory, LessonFactory, learning_index, learning_path

pytestmark = pytest.mark.django_db

PATH_BUDGET = 16


@pytest.fixture
def path_courses():
    courses = []
    for n, title in enumerate(("Journeys basics", "Segments that hold", "Scoring in practice")):
        course = CourseFactory(title=title)
        LessonFactory(course=course, title=f"{title}: the one lesson", slug=f"only-{n}")
        courses.append(course)
    return courses


@pytest.fixture
def path(path_courses):
    return learning_path(path_courses, title="Certified Journey Builder")


def _finish(member, course):
    for lesson in selectors.course_lessons(course, member):
        services.complete_lesson(member=member, lesson=lesson)


def test_the_path_page_lists_its_courses_in_order(client, path, path_courses):
    response = client.get(path.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    positions = [text.index(course.title) for course in path_courses]
    assert positions == sorted(positions)
    assert "Certified Journey Builder" in text
    assert "Enrol in the path" in text


def test_enrolling_in_a_path_enrols_in_each_course_once(client, member, path, path_courses):
    client.force_login(member)
    url = reverse("learning:enrol_in_path", args=[path.slug])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert Enrolment.objects.filter(member=member).count() == len(path_courses)
    text = client.get(path.get_absolute_url()).text
    assert "Enrol in the path" not in text
    assert f"Start: {path_courses[0].title}" in text


def test_signed_out_visitors_are_asked_to_sign_in_to_enrol(client, path):
    response = client.post(reverse("learning:enrol_in_path", args=[path.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Enrolment.objects.exists()


def test_the_next_step_is_the_first_course_not_completed(client, member, path, path_courses):
    services.enrol_in_path(member=member, path=path)
    _finish(member, path_courses[0])
    client.force_login(member)
    text = client.get(path.get_absolute_url()).text
    assert f"Start: {path_courses[1].title}" in text
    assert "1 of 3 courses completed" in text


def test_a_path_is_completed_when_every_open_course_is(member, path, path_courses):
    assert not selectors.path_completed(member, path)
    _finish(member, path_courses[0])
    _finish(member, path_courses[1])
    assert not selectors.path_completed(member, path)
    _finish(member, path_courses[2])
    assert selectors.path_completed(member, path)
    assert list(selectors.completed_paths(member)) == [path]
    assert not selectors.path_completed(CustomerFactory(), path)


def test_an_unpublished_course_neither_blocks_nor_counts(member, path, path_courses):
    _finish(member, path_courses[0])
    _finish(member, path_courses[1])
    path_courses[2].unpublish()
    assert selectors.path_completed(member, path)


def test_a_path_with_no_open_course_is_never_completed(member, path_courses):
    empty = learning_path([CourseFactory(live=False)], title="Coming soon", slug="coming-soon")
    assert not selectors.path_completed(member, empty)


def test_the_catalogue_and_my_learning_show_the_path_and_progress(
    client, member, path, path_courses
):
    client.force_login(member)
    catalogue = client.get(learning_index().url).text
    assert path.get_absolute_url() in catalogue
    assert path.title not in client.get(reverse("learning:mine")).text
    services.enrol_in_path(member=member, path=path)
    _finish(member, path_courses[0])
    mine = client.get(reverse("learning:mine")).text
    assert path.get_absolute_url() in mine
    assert "1 of 3 courses completed" in mine


def test_a_completed_path_says_so(client, member, path, path_courses):
    for course in path_courses:
        _finish(member, course)
    client.force_login(member)
    text = client.get(path.get_absolute_url()).text
    assert "Path completed" in text
    assert "Enrol in the" not in text
    # It leads to the certification the path ended in.
    from learning.models import Certificate

    certificate = Certificate.objects.get(member=member, path=path)
    certificate_url = reverse("learning:certificate", args=[certificate.code])
    assert f'href="{certificate_url}">Your certification' in text


def test_an_unknown_path_is_not_found(client):
    assert client.get(reverse("learning:path", args=["nowhere"])).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_path_page_keeps_its_budget(client, member, path, path_courses, signed_in):
    if signed_in:
        client.force_login(member)
        services.enrol_in_path(member=member, path=path)
    url = path.get_absolute_url()
    _queries(client, url)
    few = _queries(client, url)
    for n in range(4):
        course = CourseFactory(title=f"More practice {n}")
        lesson = LessonFactory(course=course, slug=f"practice-{n}")
        path.steps.create(course=course, sort_order=10 + n)
        for _ in range(3):
            learner = CustomerFactory()
            Enrolment.objects.create(member=learner, course=course, lessons_completed=1)
            LessonProgress.objects.create(member=learner, lesson=lesson, course=course)
        if signed_in:
            services.complete_lesson(member=member, lesson=lesson)
    many = _queries(client, url)
    assert few == many <= PATH_BUDGET
