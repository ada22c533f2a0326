"""Every write of the listening app, by subject; callers write `services.answer_survey(...)`."""

from .answers import AlreadyAnswered, AnswerRefused, answer_survey, dismiss_survey, parse_score
from .follow_ups import FollowUpRefused, start_follow_up, update_follow_up
from .sentiment import backfill, connect_signals, score_later, score_rows
from .surveys import (
    SEGMENT_COLUMNS,
    SurveyRefused,
    close_survey,
    invitations,
    invite,
    launch_survey,
    save_survey,
    survey_members,
)

__all__ = [
    "SEGMENT_COLUMNS",
    "AlreadyAnswered",
    "AnswerRefused",
    "FollowUpRefused",
    "SurveyRefused",
    "answer_survey",
    "backfill",
    "close_survey",
    "connect_signals",
    "dismiss_survey",
    "invitations",
    "invite",
    "launch_survey",
    "parse_score",
    "save_survey",
    "score_later",
    "score_rows",
    "start_follow_up",
    "survey_members",
    "update_follow_up",
]
