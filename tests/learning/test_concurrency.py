"""Progress counters and attempt numbers stay exact when tabs race.

These need real row locks and concurrent connections, so they run on PostgreSQL only.
"""

from learning import services
from learning.models import Enrolment, LessonProgress, QuizAttempt
from tests.concurrency import ON_POSTGRESQL_WITH_THREADS, run_together
from tests.factories import CustomerFactory
from tests.factories.learning import (
    CourseFactory,
    LessonFactory,
    quiz_with_questions,
    right_answers,
)

pytestmark = ON_POSTGRESQL_WITH_THREADS

TABS = 8


def test_tabs_completing_the_same_lesson_count_it_once():
    course = CourseFactory()
    lessons = [LessonFactory(course=course) for _ in range(3)]
    member = CustomerFactory()

    results = run_together(
        lambda _: services.complete_lesson(member=member, lesson=lessons[0]),
        range(TABS),
        keep_errors=True,
    )

    assert results.count(True) == 1
    assert results.count(False) == TABS - 1
    enrolment = Enrolment.objects.get(member=member, course=course)
    assert enrolment.lessons_completed == 1
    assert LessonProgress.objects.filter(member=member).count() == 1


def test_tabs_completing_different_lessons_complete_the_course_once():
    course = CourseFactory()
    lessons = [LessonFactory(course=course) for _ in range(TABS)]
    member = CustomerFactory()

    run_together(
        lambda lesson: services.complete_lesson(member=member, lesson=lesson),
        lessons,
        keep_errors=True,
    )

    enrolment = Enrolment.objects.get(member=member, course=course)
    assert enrolment.lessons_completed == TABS
    assert enrolment.completed_at is not None


def enrolled_before_a_quiz(attempt_limit: int):
    """A member enrolled in a course whose one lesson holds a quiz of `attempt_limit` attempts."""
    course = CourseFactory()
    lesson = LessonFactory(course=course, quiz=quiz_with_questions(attempt_limit=attempt_limit))
    member = CustomerFactory()
    services.enrol(member=member, course=course)
    return member, course, lesson


def test_the_same_attempt_submitted_from_many_tabs_is_recorded_once():
    member, course, lesson = enrolled_before_a_quiz(attempt_limit=3)
    token = services.attempt_token(member=member, quiz=lesson.quiz, number=1)
    answers = right_answers(lesson.quiz)

    results = run_together(
        lambda _: services.submit_attempt(
            member=member, lesson=lesson, token=token, answers=answers
        ),
        range(TABS),
        keep_errors=True,
    )

    refused = [r for r in results if isinstance(r, services.AttemptReplayed)]
    assert len(refused) == TABS - 1
    assert QuizAttempt.objects.filter(member=member).count() == 1
    assert Enrolment.objects.get(member=member, course=course).lessons_completed == 1


def test_fresh_attempts_from_many_tabs_never_pass_the_limit():
    member, _course, lesson = enrolled_before_a_quiz(attempt_limit=2)

    def attempt(number):
        token = services.attempt_token(member=member, quiz=lesson.quiz, number=number)
        return services.submit_attempt(member=member, lesson=lesson, token=token, answers={})

    run_together(attempt, [1, 2, 3, 1, 2, 3], keep_errors=True)

    numbers = sorted(QuizAttempt.objects.filter(member=member).values_list("number", flat=True))
    assert numbers in ([1], [1, 2])
