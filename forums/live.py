"""Live hints for readers of a topic page: a new reply, a kudos count. Sent after commit."""

from community.notifications.live import send_after_commit


def topic_group(topic_id: int) -> str:
    return f"forums.topic.{topic_id}"


def reply_published(*, topic_id: int, reply_id: int, number: int, reply_count: int) -> None:
    """Readers fetch the reply themselves, so each sees it with their own permissions."""
    send_after_commit(
        [
            (
                topic_group(topic_id),
                {
                    "type": "topic.reply",
                    "reply_id": reply_id,
                    "number": number,
                    "reply_count": reply_count,
                },
            )
        ]
    )


def kudos_changed(*, topic_id: int, post: str, post_id: int, count: int) -> None:
    send_after_commit(
        [
            (
                topic_group(topic_id),
                {"type": "topic.kudos", "post": post, "post_id": post_id, "count": count},
            )
        ]
    )
