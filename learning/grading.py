"""Grading a quiz attempt: pure functions over the quiz's questions and what was chosen.

A question scores when exactly its right options were chosen (for multiple choice: all of the
right ones and none of the others). The score is the share of questions answered right, in
whole percent rounded down, so "70% to pass" never passes on 69.9%.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .models import Question, QuestionKind, Quiz


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    chosen: frozenset[int]
    correct: bool


@dataclass(frozen=True)
class Grade:
    score: int
    passed: bool
    results: list[QuestionResult]


def is_right(question: Question, chosen: frozenset[int]) -> bool:
    right = frozenset(option.pk for option in question.options.all() if option.is_correct)
    return bool(right) and chosen == right


def grade(quiz: Quiz, questions: Sequence[Question], chosen: Mapping[int, frozenset[int]]) -> Grade:
    """`questions` with their options prefetched; `chosen`: option ids by question id, already
    checked to belong to them (an unanswered question is simply wrong)."""
    results = [
        QuestionResult(q, chosen.get(q.pk, frozenset()), is_right(q, chosen.get(q.pk, frozenset())))
        for q in questions
    ]
    score = (100 * sum(r.correct for r in results)) // len(results) if results else 0
    return Grade(score=score, passed=bool(results) and score >= quiz.passing_score, results=results)


def allows_several(question: Question) -> bool:
    return question.kind == QuestionKind.MULTIPLE
