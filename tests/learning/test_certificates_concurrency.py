"""Two completions at the same moment issue one certificate (PostgreSQL, real threads)."""

from learning import services
from learning.certificates import issuing
from learning.models import Certificate
from tests.concurrency import ON_POSTGRESQL_WITH_THREADS, run_together
from tests.factories import CustomerFactory
from tests.factories.learning import CourseFactory, LessonFactory, learning_path

pytestmark = ON_POSTGRESQL_WITH_THREADS

TABS = 8


def test_racing_issues_make_one_certificate():
    course = CourseFactory()
    member = CustomerFactory()

    results = run_together(lambda _: issuing.issue(member=member, course=course), range(TABS))

    assert Certificate.objects.filter(member=member, course=course).count() == 1
    assert sum(created for _, created in results) == 1
    assert len({certificate.pk for certificate, _ in results}) == 1


def test_finishing_two_courses_of_a_path_at_once_certifies_the_path_once():
    courses = [CourseFactory(), CourseFactory()]
    lessons = [LessonFactory(course=course) for course in courses]
    path = learning_path(courses)
    member = CustomerFactory()

    run_together(lambda lesson: services.complete_lesson(member=member, lesson=lesson), lessons)

    assert Certificate.objects.filter(member=member, course__isnull=False).count() == 2
    assert Certificate.objects.filter(member=member, path=path).count() == 1
