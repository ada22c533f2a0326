"""The kinds of notification the job board sends (their labels are in contributions.py)."""

from enum import StrEnum


class CareersKind(StrEnum):
    APPLICATION_STAGE = "careers_application_stage"
    NEW_APPLICATION = "careers_new_application"
    JOB_ALERT = "careers_job_alert"
