"""Every write in the forums, one module per subject. Each service checks permissions, owns its
transaction and keeps the denormalised counters right with SQL expressions, never
read-modify-write.

- `topics`: starting a topic, announcing it once published, editing it, counting its views
- `replies`: posting, announcing, editing and deleting replies; accepting one as the solution
- `reactions`: kudos on topics and replies
- `following`: following topics and categories; how far a member has read a topic
- `management`: what community managers do to whole topics (lock, pin, move, merge)
- `_posting`: what topics and replies share (rendering, mentions, the double-submit guard)

Callers use the package, not its modules: `services.post_reply(...)`.
"""

from ._posting import normalise_tags, normalise_text, render_post
from .following import (
    follow_category,
    follow_topic,
    mark_read,
    set_followed_categories,
    unfollow_category,
    unfollow_topic,
)
from .management import (
    PIN_SCOPES,
    PinScope,
    TopicActionRefused,
    ensure_can_manage_topics,
    lock_topic,
    merge_topics,
    move_topic,
    pin_topic,
    unlock_topic,
    unpin_topic,
)
from .reactions import REPUTATION_FOR_KUDOS, toggle_kudos
from .replies import (
    REPUTATION_FOR_SOLUTION,
    accept_solution,
    announce_reply,
    clear_solution,
    delete_reply,
    edit_reply,
    post_reply,
)
from .topics import announce_topic, create_topic, edit_topic, record_view

__all__ = [
    "PIN_SCOPES",
    "REPUTATION_FOR_KUDOS",
    "REPUTATION_FOR_SOLUTION",
    "PinScope",
    "TopicActionRefused",
    "accept_solution",
    "announce_reply",
    "announce_topic",
    "clear_solution",
    "create_topic",
    "delete_reply",
    "edit_reply",
    "edit_topic",
    "ensure_can_manage_topics",
    "follow_category",
    "follow_topic",
    "lock_topic",
    "mark_read",
    "merge_topics",
    "move_topic",
    "normalise_tags",
    "normalise_text",
    "pin_topic",
    "post_reply",
    "record_view",
    "render_post",
    "set_followed_categories",
    "toggle_kudos",
    "unfollow_category",
    "unfollow_topic",
    "unlock_topic",
    "unpin_topic",
]
