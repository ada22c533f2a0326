"""Forum views by subject: parse input, call one service or selector, render.

Refusals from the services (PermissionDenied, a rejected post, a rate limit) become responses in
community.core.errors; a view only names the page a browser goes back to (`errors.return_to`),
or, when it shows its form again, keeps its one `except errors.REFUSALS`.

Everything urls.py and pages.py reach is re-exported here: `views.reply`, `views.listing_context`.
"""

from .following import follow_category, follow_topic
from .listings import listing_context, tag_topics
from .moderation import lock_topic, manage_topic, merge_topic, move_topic, pin_topic
from .reactions import accept_solution, clear_solution, reply_kudos, topic_kudos
from .replies import delete_reply, edit_reply, reply, reply_permalink
from .suggestions import suggest_members, suggest_tags
from .topics import MAX_REPLY_NUMBER, edit_topic, new_topic, replies_after, topic_detail

__all__ = [
    "MAX_REPLY_NUMBER",
    "accept_solution",
    "clear_solution",
    "delete_reply",
    "edit_reply",
    "edit_topic",
    "follow_category",
    "follow_topic",
    "listing_context",
    "lock_topic",
    "manage_topic",
    "merge_topic",
    "move_topic",
    "new_topic",
    "pin_topic",
    "replies_after",
    "reply",
    "reply_kudos",
    "reply_permalink",
    "suggest_members",
    "suggest_tags",
    "tag_topics",
    "topic_detail",
    "topic_kudos",
]
