"""The kinds of notification only learning sends (their labels are in contributions.py)."""

from enum import StrEnum


class LearningKind(StrEnum):
    COURSE_COMPLETED = "learning_course_completed"
