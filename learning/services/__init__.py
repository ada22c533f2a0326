"""Every write of the learning app, by subject: enrolment (one click, idempotent), progress
(lessons completed, counters kept in SQL), paths (enrolling in each of their courses) and quizzes (attempts graded on the server).
Re-exported here so callers write `services.enrol(...)`."""

from .enrolment import enrol
from .paths import enrol_in_path
from .progress import complete_lesson
from .quizzes import (
    AttemptReplayed,
    InvalidAnswers,
    NoQuiz,
    attempt_token,
    submit_attempt,
)

__all__ = [
    "AttemptReplayed",
    "InvalidAnswers",
    "NoQuiz",
    "attempt_token",
    "complete_lesson",
    "enrol",
    "enrol_in_path",
    "submit_attempt",
]
