"""Quiz attempts, graded on the server only.

The quiz form carries an attempt token: the attempt's number, signed for this member and quiz.
Submitting checks the token, that every answer names a question of this quiz and one of its
options, and, with the member's enrolment row locked, that the number is the next one and the
attempt limit is not reached. Anything forged or replayed is refused with a 4xx and saves
nothing; the unique (member, quiz, number) constraint stands behind the lock.
"""

from collections.abc import Mapping, Sequence

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from community.core.errors import Rejected

from .. import grading, permissions
from ..models import Question, Quiz, QuizAttempt
from ..pages import LessonPage
from .enrolment import locked_enrolment
from .progress import course_of, record_completion

TOKEN_SALT = "learning.quiz-attempt"


class NoQuiz(Rejected):
    status = 404


class InvalidAnswers(Rejected):
    """Answers that name questions or options this quiz does not have."""


class AttemptReplayed(Rejected):
    """A token already used (a second tab, the back button, a replayed request)."""

    status = 409


def attempt_token(*, member, quiz: Quiz, number: int) -> str:
    return signing.dumps({"quiz": quiz.pk, "number": number}, salt=f"{TOKEN_SALT}:{member.pk}")


def read_token(token: str, *, member, quiz: Quiz) -> int:
    """The attempt number the token was issued for; Rejected if forged or for another quiz."""
    try:
        data = signing.loads(token or "", salt=f"{TOKEN_SALT}:{member.pk}")
    except signing.BadSignature:
        raise InvalidAnswers(
            "This quiz form is not valid any more; open the lesson again."
        ) from None
    if not isinstance(data, dict) or data.get("quiz") != quiz.pk:
        raise InvalidAnswers("These answers are for another quiz.")
    number = data.get("number")
    if not isinstance(number, int) or number < 1:
        raise InvalidAnswers("This quiz form is not valid any more; open the lesson again.")
    return number


def questions_of(quiz: Quiz) -> list[Question]:
    return list(quiz.questions.prefetch_related("options"))


def read_answers(
    questions: Sequence[Question], answers: Mapping[str, Sequence[str]]
) -> dict[int, frozenset[int]]:
    """Option ids chosen, by question id, from `{"q<question id>": ["<option id>", ...]}`.
    Refuses a question or option this quiz does not have, and two options on a single-answer
    question."""
    by_key = {f"q{question.pk}": question for question in questions}
    chosen: dict[int, frozenset[int]] = {}
    for key, values in answers.items():
        question = by_key.get(key)
        if question is None:
            raise InvalidAnswers("These answers name a question this quiz does not have.")
        allowed = {str(option.pk): option.pk for option in question.options.all()}
        if any(value not in allowed for value in values):
            raise InvalidAnswers("These answers name an option the question does not have.")
        picked = frozenset(allowed[value] for value in values)
        if len(picked) > 1 and not grading.allows_several(question):
            raise InvalidAnswers("Choose one answer for each single-choice question.")
        chosen[question.pk] = picked
    return chosen


def attempts_counted(enrolment, quiz: Quiz, done: int) -> int:
    """Attempts that count against the limit: all of them, or since a recertification began."""
    if enrolment is None or enrolment.restarted_at is None:
        return done
    return QuizAttempt.objects.filter(
        member_id=enrolment.member_id, quiz=quiz, submitted_at__gte=enrolment.restarted_at
    ).count()


def submit_attempt(
    *, member, lesson: LessonPage, token: str, answers: Mapping[str, Sequence[str]]
) -> QuizAttempt:
    """Grade and record one attempt at the lesson's quiz; passing completes the lesson."""
    permissions.ensure_can_take_quiz(member, enrolled=True)
    quiz = lesson.quiz
    if quiz is None:
        raise NoQuiz("This lesson has no quiz.")
    course = course_of(lesson)
    number = read_token(token, member=member, quiz=quiz)
    questions = questions_of(quiz)
    chosen = read_answers(questions, answers)
    with transaction.atomic():
        enrolment = locked_enrolment(member=member, course=course, create=False)
        permissions.ensure_can_take_quiz(member, enrolled=enrolment is not None)
        done = QuizAttempt.objects.filter(member=member, quiz=quiz).count()
        if number <= done:
            raise AttemptReplayed("This attempt was already submitted; see its result.")
        if quiz.attempt_limit is not None and attempts_counted(enrolment, quiz, done) >= (
            quiz.attempt_limit
        ):
            raise PermissionDenied(f"You have used all {quiz.attempt_limit} attempts at this quiz.")
        if number != done + 1:
            raise InvalidAnswers("This quiz form is not valid any more; open the lesson again.")
        result = grading.grade(quiz, questions, chosen)
        try:
            with transaction.atomic():
                attempt = QuizAttempt.objects.create(
                    member=member,
                    quiz=quiz,
                    lesson=lesson,
                    number=number,
                    score=result.score,
                    passed=result.passed,
                    answers={str(pk): sorted(ids) for pk, ids in chosen.items()},
                )
        except IntegrityError:
            raise AttemptReplayed("This attempt was already submitted; see its result.") from None
        if result.passed:
            record_completion(enrolment=enrolment, lesson=lesson)
    return attempt
