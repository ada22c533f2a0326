"""The kinds of notification. Content apps name theirs here so preferences can list them all."""

from enum import StrEnum


class Kind(StrEnum):
    REPLY_TO_YOUR_TOPIC = "reply_to_your_topic"
    REPLY_IN_FOLLOWED_TOPIC = "reply_in_followed_topic"
    TOPIC_IN_FOLLOWED_CATEGORY = "topic_in_followed_category"
    MENTION = "mention"
    SOLUTION_ACCEPTED = "solution_accepted"
    KUDOS = "kudos"
    MODERATION = "moderation"
