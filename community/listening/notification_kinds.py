from enum import StrEnum


class ListeningKind(StrEnum):
    PULSE_SURVEY = "pulse_survey"
