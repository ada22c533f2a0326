"""Quizzes are graded on the server: every question type, passing and failing."""

import pytest

from learning import grading
from learning.models import QuestionKind
from learning.services.quizzes import questions_of, read_answers
from tests.factories.learning import quiz_with_questions, right_answers

pytestmark = pytest.mark.django_db


def _grade(quiz, answers):
    questions = questions_of(quiz)
    return grading.grade(quiz, questions, read_answers(questions, answers))


def _by_kind(quiz, kind):
    return next(q for q in quiz.questions.all() if q.kind == kind)


def test_all_right_answers_score_100_and_pass():
    quiz = quiz_with_questions(passing_score=70)
    result = _grade(quiz, right_answers(quiz))
    assert (result.score, result.passed) == (100, True)


def test_a_single_choice_question_is_right_only_with_its_right_option():
    quiz = quiz_with_questions(passing_score=100)
    single = _by_kind(quiz, QuestionKind.SINGLE)
    wrong = next(o for o in single.options.all() if not o.is_correct)
    answers = {**right_answers(quiz), f"q{single.pk}": [str(wrong.pk)]}
    result = _grade(quiz, answers)
    assert result.score == 66
    assert not result.passed


def test_a_multiple_choice_question_needs_every_right_option_and_no_other():
    quiz = quiz_with_questions(passing_score=100)
    multiple = _by_kind(quiz, QuestionKind.MULTIPLE)
    right = [str(o.pk) for o in multiple.options.all() if o.is_correct]
    everything = [str(o.pk) for o in multiple.options.all()]
    assert _grade(quiz, {**right_answers(quiz), f"q{multiple.pk}": right[:1]}).score == 66
    assert _grade(quiz, {**right_answers(quiz), f"q{multiple.pk}": everything}).score == 66


def test_a_true_false_question_is_graded_like_a_single_choice():
    quiz = quiz_with_questions(passing_score=60)
    statement = _by_kind(quiz, QuestionKind.TRUE_FALSE)
    false = next(o for o in statement.options.all() if not o.is_correct)
    result = _grade(quiz, {**right_answers(quiz), f"q{statement.pk}": [str(false.pk)]})
    assert (result.score, result.passed) == (66, True)


def test_unanswered_questions_are_wrong_and_the_score_rounds_down():
    quiz = quiz_with_questions(passing_score=67)
    single = _by_kind(quiz, QuestionKind.SINGLE)
    answers = {k: v for k, v in right_answers(quiz).items() if k != f"q{single.pk}"}
    result = _grade(quiz, answers)
    assert (result.score, result.passed) == (66, False)


def test_nothing_answered_scores_zero():
    quiz = quiz_with_questions()
    assert (_grade(quiz, {}).score, _grade(quiz, {}).passed) == (0, False)
