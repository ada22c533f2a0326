"""The demo's academy: six courses and more on the demo company's products with lessons and
quizzes of every kind, a learning path ending in a certification, the demo partner's course
published through review and another waiting, and members at every stage. Seeding twice adds
nothing."""

import pytest
from django.core.management import call_command

from learning import demo, selectors
from learning.models import Enrolment, LearningPath, QuestionKind, QuizAttempt
from learning.pages import CoursePage, LessonPage
from tests.module_data import built_once_per_module

pytestmark = pytest.mark.django_db


def seed():
    call_command(
        "seed_demo", verbosity=0, members=60, only=["members", "forums", "stories", "learning"]
    )


_seeded_for_the_module = built_once_per_module(seed)


@pytest.fixture
def seeded(_seeded_for_the_module, db) -> None:
    return None


def test_the_catalogue_has_courses_with_lessons_and_every_kind_of_question(seeded):
    courses = CoursePage.objects.live()
    assert courses.count() >= 6
    for course in courses:
        lessons = LessonPage.objects.live().child_of(course)
        assert lessons.count() >= 2
        assert lessons.filter(quiz__isnull=False).exists()
    kinds = set(
        LessonPage.objects.live()
        .filter(quiz__isnull=False)
        .values_list("quiz__questions__kind", flat=True)
    )
    assert kinds == set(QuestionKind.values)


def test_the_partner_has_one_course_published_and_one_waiting(seeded):
    partner_courses = CoursePage.objects.filter(owner__email="partner@example.com")
    assert partner_courses.filter(live=True).count() == 1
    waiting = partner_courses.get(live=False)
    assert waiting.current_workflow_state.status == "in_progress"


def test_the_path_ends_in_a_certification_someone_has_earned(seeded):
    path = LearningPath.objects.get(slug="journey-architect")
    assert path.certification
    assert path.steps.count() == 4
    dana = Enrolment.objects.filter(member__username="dana-whitfield").first().member
    assert selectors.path_completed(dana, path)


def test_members_are_at_every_stage(seeded):
    enrolments = Enrolment.objects.all()
    assert enrolments.filter(lessons_completed=0).exists()
    assert enrolments.filter(lessons_completed__gt=0, completed_at__isnull=True).exists()
    assert enrolments.filter(completed_at__isnull=False).exists()
    assert QuizAttempt.objects.filter(passed=False).exists()
    ana = Enrolment.objects.filter(member__email="member@example.com")
    assert ana.filter(completed_at__isnull=False).exists()
    assert ana.filter(lessons_completed__gt=0, completed_at__isnull=True).exists()
    assert not ana.filter(course__slug="journeys-trigger-to-goal").exists()


def test_seeding_again_adds_nothing(seeded):
    counts = (CoursePage.objects.count(), Enrolment.objects.count(), QuizAttempt.objects.count())
    demo.seed({}, lambda line: None)
    assert (
        CoursePage.objects.count(),
        Enrolment.objects.count(),
        QuizAttempt.objects.count(),
    ) == counts


def test_dates_are_in_the_past(seeded):
    from django.utils import timezone

    now = timezone.now()
    assert not Enrolment.objects.filter(started_at__gt=now).exists()
    assert not QuizAttempt.objects.filter(submitted_at__gt=now).exists()
