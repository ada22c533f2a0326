"""The forum forms whose unfinished text is kept as a draft, and their keys."""

from community.core.drafts import DraftKind, draft_key

from . import permissions
from .services import render_post

NEW_TOPIC = "forums:topic:new"  # /forums/new/, where the member also picks the category
NEW_TOPIC_IN = "forums:topic:new"  # + ":<category id>"
REPLY = "forums:reply"  # + ":<topic id>"

TOPIC_FIELDS = ("kind", "title", "body", "tags")


def _render(text: str) -> str:
    # Mentions link as they will once posted.
    return render_post(text).html


def _may_post_in(member, category_id: int) -> bool:
    return permissions.visible_categories(member).filter(pk=category_id).exists()


def _may_reply_to(member, topic_id: int) -> bool:
    return permissions.openable_topics(member).filter(pk=topic_id).exists()


def new_topic_key(category_id: int | None) -> str:
    return draft_key(NEW_TOPIC_IN, category_id) if category_id else NEW_TOPIC


def reply_key(topic_id: int) -> str:
    return draft_key(REPLY, topic_id)


# Declared to the core in contributions.py.
DRAFT_KINDS = (
    DraftKind(prefix=NEW_TOPIC, fields=("category", *TOPIC_FIELDS), render=_render),
    DraftKind(
        prefix=NEW_TOPIC_IN,
        fields=TOPIC_FIELDS,
        takes_object_id=True,
        allows=_may_post_in,
        render=_render,
    ),
    DraftKind(
        prefix=REPLY,
        fields=("body", "quoted"),
        takes_object_id=True,
        allows=_may_reply_to,
        render=_render,
    ),
)
