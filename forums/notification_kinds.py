"""The kinds of notification only the forums send (their labels are in contributions.py)."""

from enum import StrEnum


class ForumKind(StrEnum):
    REPLY_TO_YOUR_TOPIC = "reply_to_your_topic"
    REPLY_IN_FOLLOWED_TOPIC = "reply_in_followed_topic"
    TOPIC_IN_FOLLOWED_CATEGORY = "topic_in_followed_category"
    SOLUTION_ACCEPTED = "solution_accepted"
