"""Quiz attempts: passing completes the lesson, the attempt limit holds, and forged or
replayed submissions are refused with a 4xx and change nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from learning import services
from learning.models import LessonProgress, Quiz, QuizAttempt
from learning.services.quizzes import AttemptReplayed, InvalidAnswers
from tests.factories import CustomerFactory
from tests.factories.learning import (
    CourseFactory,
    LessonFactory,
    quiz_with_questions,
    right_answers,
    wrong_answers,
)

pytestmark = pytest.mark.django_db


def _submit(member, lesson, answers, number=None):
    number = number or QuizAttempt.objects.filter(member=member, quiz=lesson.quiz).count() + 1
    token = services.attempt_token(member=member, quiz=lesson.quiz, number=number)
    return services.submit_attempt(member=member, lesson=lesson, token=token, answers=answers)


def _post(client, lesson, data):
    return client.post(reverse("learning:submit_quiz", args=[lesson.pk]), data)


def _token(member, lesson, number=1):
    return services.attempt_token(member=member, quiz=lesson.quiz, number=number)


def test_failing_once_then_passing_completes_the_lesson(member, course, quiz_lesson):
    services.enrol(member=member, course=course)

    first = _submit(member, quiz_lesson, wrong_answers(quiz_lesson.quiz))
    assert (first.number, first.passed) == (1, False)
    assert not LessonProgress.objects.filter(member=member, lesson=quiz_lesson).exists()

    second = _submit(member, quiz_lesson, right_answers(quiz_lesson.quiz))
    assert (second.number, second.score, second.passed) == (2, 100, True)
    assert LessonProgress.objects.filter(member=member, lesson=quiz_lesson).exists()


def test_no_attempt_beyond_the_limit(member, course, quiz_lesson):
    services.enrol(member=member, course=course)
    _submit(member, quiz_lesson, wrong_answers(quiz_lesson.quiz))
    _submit(member, quiz_lesson, wrong_answers(quiz_lesson.quiz))

    with pytest.raises(PermissionDenied, match="all 2 attempts"):
        _submit(member, quiz_lesson, right_answers(quiz_lesson.quiz), number=3)
    assert QuizAttempt.objects.filter(member=member).count() == 2


def test_a_replayed_attempt_is_refused(member, course, quiz_lesson):
    services.enrol(member=member, course=course)
    _submit(member, quiz_lesson, wrong_answers(quiz_lesson.quiz), number=1)

    with pytest.raises(AttemptReplayed):
        _submit(member, quiz_lesson, right_answers(quiz_lesson.quiz), number=1)
    assert list(QuizAttempt.objects.values_list("passed", flat=True)) == [False]


def test_a_member_must_be_enrolled_and_in_good_standing(course, quiz_lesson, suspended_member):
    outsider = CustomerFactory()
    with pytest.raises(PermissionDenied, match="Enrol"):
        _submit(outsider, quiz_lesson, right_answers(quiz_lesson.quiz))
    services.enrol(member=suspended_member, course=course)
    with pytest.raises(PermissionDenied, match="suspended"):
        _submit(suspended_member, quiz_lesson, right_answers(quiz_lesson.quiz))
    assert not QuizAttempt.objects.exists()


def test_a_lesson_with_a_quiz_is_not_marked_complete_by_hand(member, course, quiz_lesson):
    with pytest.raises(services.progress.QuizRequired):
        services.complete_lesson(member=member, lesson=quiz_lesson)


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda answers, other: {"q999999": ["1"]}, id="unknown question"),
        pytest.param(lambda answers, other: {next(iter(answers)): ["999999"]}, id="unknown option"),
        pytest.param(lambda answers, other: right_answers(other), id="answers to another quiz"),
        pytest.param(
            lambda answers, other: {
                key: [*value, *right_answers(other)[next(iter(right_answers(other)))]]
                for key, value in answers.items()
            },
            id="option of another quiz's question",
        ),
    ],
)
def test_forged_answers_are_refused_and_change_nothing(member, course, quiz_lesson, forge):
    services.enrol(member=member, course=course)
    other = quiz_with_questions(title="Another quiz")
    with pytest.raises(InvalidAnswers):
        _submit(member, quiz_lesson, forge(right_answers(quiz_lesson.quiz), other))
    assert not QuizAttempt.objects.exists()
    assert not LessonProgress.objects.exists()


def test_two_answers_to_a_single_choice_question_are_refused(member, course, quiz_lesson):
    services.enrol(member=member, course=course)
    single = quiz_lesson.quiz.questions.get(kind="single")
    answers = {f"q{single.pk}": [str(o.pk) for o in single.options.all()]}
    with pytest.raises(InvalidAnswers):
        _submit(member, quiz_lesson, answers)


def test_a_token_for_another_quiz_or_member_is_refused(member, course, quiz_lesson):
    services.enrol(member=member, course=course)
    other_lesson = LessonFactory(
        course=CourseFactory(),
        title="Other",
        slug="other",
        quiz=quiz_with_questions(title="Other quiz"),
    )
    for token in (
        services.attempt_token(member=member, quiz=other_lesson.quiz, number=1),
        services.attempt_token(member=CustomerFactory(), quiz=quiz_lesson.quiz, number=1),
        "forged",
    ):
        with pytest.raises(InvalidAnswers):
            services.submit_attempt(
                member=member,
                lesson=quiz_lesson,
                token=token,
                answers=right_answers(quiz_lesson.quiz),
            )
    assert not QuizAttempt.objects.exists()


# --- Through the form, as a browser or a script posts it ---------------------------------------


def test_the_form_grades_and_shows_feedback_per_answer(client, member, course, quiz_lesson):
    services.enrol(member=member, course=course)
    client.force_login(member)

    response = _post(
        client,
        quiz_lesson,
        {"attempt": _token(member, quiz_lesson), **right_answers(quiz_lesson.quiz)},
    )

    attempt = QuizAttempt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:attempt", args=[attempt.pk])
    result = client.get(response["Location"])
    assert result.status_code == 200
    assert "100%" in result.text
    assert "Sign-up is right." in result.text


@pytest.mark.parametrize(
    "data, status",
    [
        pytest.param(lambda m, lesson: {"attempt": "forged"}, 422, id="forged token"),
        pytest.param(
            lambda m, lesson: {"attempt": _token(m, lesson), "q999999": "1"},
            422,
            id="unknown question",
        ),
    ],
)
def test_a_forged_post_gets_a_clear_4xx(client, member, course, quiz_lesson, data, status):
    services.enrol(member=member, course=course)
    client.force_login(member)
    response = _post(client, quiz_lesson, data(member, quiz_lesson))
    assert response.status_code == status
    assert not QuizAttempt.objects.exists()


def test_a_replayed_post_gets_409_and_json_for_scripts(client, member, course, quiz_lesson):
    services.enrol(member=member, course=course)
    client.force_login(member)
    data = {"attempt": _token(member, quiz_lesson), **wrong_answers(quiz_lesson.quiz)}
    assert _post(client, quiz_lesson, data).status_code == 302

    replay = client.post(
        reverse("learning:submit_quiz", args=[quiz_lesson.pk]),
        {**data, **right_answers(quiz_lesson.quiz)},
        headers={"accept": "application/json"},
    )
    assert replay.status_code == 409
    assert "already submitted" in replay.json()["error"]
    assert QuizAttempt.objects.get().passed is False


def test_over_the_limit_through_the_form_is_403(client, member, course, quiz_lesson):
    services.enrol(member=member, course=course)
    client.force_login(member)
    for number in (1, 2):
        _post(client, quiz_lesson, {"attempt": _token(member, quiz_lesson, number)})
    response = _post(client, quiz_lesson, {"attempt": _token(member, quiz_lesson, 3)})
    assert response.status_code == 403
    assert QuizAttempt.objects.count() == 2


def test_another_members_attempt_is_not_found(client, member, course, quiz_lesson):
    services.enrol(member=member, course=course)
    attempt = _submit(member, quiz_lesson, right_answers(quiz_lesson.quiz))
    client.force_login(CustomerFactory())
    assert client.get(reverse("learning:attempt", args=[attempt.pk])).status_code == 404


def _order(member, lesson, number):
    from learning import selectors

    quiz = lesson.quiz
    token = services.attempt_token(member=member, quiz=quiz, number=number)
    questions = list(quiz.questions.prefetch_related("options"))
    presented = selectors.presented_questions(questions, seed=token, shuffle=quiz.shuffle)
    return [(q.pk, [pk for pk, _text in q.options]) for q in presented]


def test_a_shuffled_quiz_changes_order_per_attempt_but_not_on_reload(member, course, lessons):
    quiz = quiz_with_questions(shuffle=True)
    lesson = LessonFactory(course=course, quiz=quiz, title="Shuffled", slug="shuffled")
    orders = [_order(member, lesson, number) for number in range(1, 9)]
    assert _order(member, lesson, 1) == orders[0]  # the same form, reloaded
    assert len({repr(order) for order in orders}) > 1
    editor_order = [
        (q.pk, [o.pk for o in q.options.all()]) for q in quiz.questions.prefetch_related("options")
    ]

    def as_sets(order):
        return sorted((pk, sorted(options)) for pk, options in order)

    # Each attempt shows every question and option once, whatever the order.
    assert all(as_sets(order) == as_sets(editor_order) for order in orders)
    Quiz.objects.filter(pk=quiz.pk).update(shuffle=False)
    lesson.quiz.refresh_from_db()
    assert all(_order(member, lesson, number) == editor_order for number in range(1, 5))


def test_a_shuffled_quiz_is_graded_by_option_not_position(client, member, course, lessons):
    quiz = quiz_with_questions(shuffle=True)
    lesson = LessonFactory(course=course, quiz=quiz, title="Shuffled", slug="shuffled")
    services.enrol(member=member, course=course)
    client.force_login(member)
    page = client.get(lesson.url)
    token = page.context["attempt_token"]
    assert len(page.context["questions"]) == 3
    response = _post(client, lesson, {"attempt": token, **right_answers(quiz)})
    assert response.status_code == 302
    attempt = QuizAttempt.objects.get(member=member, quiz=quiz)
    assert (attempt.score, attempt.passed) == (100, True)
