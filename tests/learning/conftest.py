import pytest

from tests.factories import CustomerFactory
from tests.factories.learning import CourseFactory, LessonFactory, quiz_with_questions


@pytest.fixture
def member(db):
    return CustomerFactory(display_name="Ana Souza")


@pytest.fixture
def course(db):
    return CourseFactory(title="Journeys that customers finish", slug="journeys")


@pytest.fixture
def lessons(course):
    return [LessonFactory(course=course, title=f"Step {n}", slug=f"step-{n}") for n in (1, 2)]


@pytest.fixture
def quiz(db):
    return quiz_with_questions(passing_score=70, attempt_limit=2)


@pytest.fixture
def quiz_lesson(course, lessons, quiz):
    return LessonFactory(course=course, title="Check", slug="check", quiz=quiz)
