"""The kinds of notification only learning sends (their labels are in contributions.py)."""

from enum import StrEnum


class LearningKind(StrEnum):
    COURSE_COMPLETED = "learning_course_completed"
    CERTIFICATE_EARNED = "learning_certificate_earned"
    CERTIFICATE_EXPIRING = "learning_certificate_expiring"
    CERTIFICATE_REVOKED = "learning_certificate_revoked"
