"""Enrolling in a learning path from several tabs at once enrols in each course exactly once.

Real concurrent connections: PostgreSQL only."""

from learning import services
from learning.models import Enrolment
from tests.concurrency import ON_POSTGRESQL_WITH_THREADS, run_together
from tests.factories import CustomerFactory
from tests.factories.learning import CourseFactory, learning_path

pytestmark = ON_POSTGRESQL_WITH_THREADS

TABS = 8


def test_tabs_enrolling_in_a_path_enrol_in_each_course_once():
    courses = [CourseFactory(title=f"Path course {n}") for n in range(3)]
    path = learning_path(courses, title="Raced path", slug="raced-path")
    member = CustomerFactory()
    # One course already taken on its own, as a member would before finding the path.
    services.enrol(member=member, course=courses[1])

    results = run_together(
        lambda _: services.enrol_in_path(member=member, path=path), range(TABS), keep_errors=True
    )

    assert not [result for result in results if isinstance(result, Exception)]
    assert Enrolment.objects.filter(member=member).count() == len(courses)
    mine = frozenset(Enrolment.objects.filter(member=member).values_list("pk", flat=True))
    assert {frozenset(enrolment.pk for enrolment in result) for result in results} == {mine}
