"""Progress counters and attempt numbers stay exact when tabs race.

These need real row locks and concurrent connections, so they run on PostgreSQL only.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from learning import services
from learning.models import Enrolment, LessonProgress, QuizAttempt
from tests.factories import CustomerFactory
from tests.factories.learning import (
    CourseFactory,
    LessonFactory,
    quiz_with_questions,
    right_answers,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises every write and ignores select_for_update",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TABS = 8


def run_together(action, arguments):
    """Run `action(argument)` in one thread per argument, all released at the same moment;
    each result is the return value or the exception raised."""
    start = threading.Barrier(len(arguments))

    def in_thread(argument):
        try:
            start.wait()
            return action(argument)
        except Exception as error:  # noqa: BLE001 - the test inspects what each tab met
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        return list(pool.map(in_thread, arguments))


def test_tabs_completing_the_same_lesson_count_it_once():
    course = CourseFactory()
    lessons = [LessonFactory(course=course) for _ in range(3)]
    member = CustomerFactory()

    results = run_together(
        lambda _: services.complete_lesson(member=member, lesson=lessons[0]), range(TABS)
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

    run_together(lambda lesson: services.complete_lesson(member=member, lesson=lesson), lessons)

    enrolment = Enrolment.objects.get(member=member, course=course)
    assert enrolment.lessons_completed == TABS
    assert enrolment.completed_at is not None


def test_the_same_attempt_submitted_from_many_tabs_is_recorded_once():
    course = CourseFactory()
    lesson = LessonFactory(course=course)
    lesson.quiz = quiz_with_questions(attempt_limit=3)
    lesson.save()
    member = CustomerFactory()
    services.enrol(member=member, course=course)
    token = services.attempt_token(member=member, quiz=lesson.quiz, number=1)
    answers = right_answers(lesson.quiz)

    results = run_together(
        lambda _: services.submit_attempt(
            member=member, lesson=lesson, token=token, answers=answers
        ),
        range(TABS),
    )

    refused = [r for r in results if isinstance(r, services.AttemptReplayed)]
    assert len(refused) == TABS - 1
    assert QuizAttempt.objects.filter(member=member).count() == 1
    assert Enrolment.objects.get(member=member, course=course).lessons_completed == 1


def test_fresh_attempts_from_many_tabs_never_pass_the_limit():
    course = CourseFactory()
    lesson = LessonFactory(course=course)
    lesson.quiz = quiz_with_questions(attempt_limit=2)
    lesson.save()
    member = CustomerFactory()
    services.enrol(member=member, course=course)

    def attempt(number):
        token = services.attempt_token(member=member, quiz=lesson.quiz, number=number)
        return services.submit_attempt(member=member, lesson=lesson, token=token, answers={})

    run_together(attempt, [1, 2, 3, 1, 2, 3])

    numbers = sorted(QuizAttempt.objects.filter(member=member).values_list("number", flat=True))
    assert numbers in ([1], [1, 2])
