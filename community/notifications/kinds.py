"""The kinds of notification and how members may receive each.

The core kinds are named here; content apps added later (events, learning, careers) call
`register_kind()` from their `apps.py` so the preferences page lists their kinds too.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models


class Kind(StrEnum):
    REPLY_TO_YOUR_TOPIC = "reply_to_your_topic"
    REPLY_IN_FOLLOWED_TOPIC = "reply_in_followed_topic"
    TOPIC_IN_FOLLOWED_CATEGORY = "topic_in_followed_category"
    MENTION = "mention"
    SOLUTION_ACCEPTED = "solution_accepted"
    KUDOS = "kudos"
    MODERATION = "moderation"
    ANNOUNCEMENT = "announcement"


class Delivery(models.TextChoices):
    """Where a member hears about a kind. Every choice but OFF also fills the notification center."""

    WEB = "web", "On the site"
    EMAIL = "email", "On the site and by e-mail at once"
    DIGEST = "digest", "On the site and in a daily e-mail digest"
    OFF = "off", "Off"


@dataclass(frozen=True)
class KindInfo:
    key: str
    label: str
    description: str
    default: Delivery = Delivery.WEB
    # Some messages a member must not be able to silence (a ban, a warning).
    can_turn_off: bool = True

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [
            (delivery.value, delivery.label)
            for delivery in Delivery
            if delivery != Delivery.OFF or self.can_turn_off
        ]


_kinds: dict[str, KindInfo] = {}


def register_kind(info: KindInfo) -> KindInfo:
    _kinds[info.key] = info
    return info


def kind_info(key: str) -> KindInfo:
    try:
        return _kinds[str(key)]
    except KeyError:
        raise LookupError(f"No notification kind {key!r} is registered.") from None


def all_kinds() -> list[KindInfo]:
    return list(_kinds.values())


for _info in (
    KindInfo(
        Kind.REPLY_TO_YOUR_TOPIC,
        "Replies to your topics",
        "Someone answers a topic or question you started.",
        default=Delivery.EMAIL,
    ),
    KindInfo(
        Kind.REPLY_IN_FOLLOWED_TOPIC,
        "Replies in topics you follow",
        "New replies in topics you follow or took part in.",
        default=Delivery.DIGEST,
    ),
    KindInfo(
        Kind.TOPIC_IN_FOLLOWED_CATEGORY,
        "New topics in categories you follow",
        "Someone starts a topic in a forum category you follow.",
        default=Delivery.DIGEST,
    ),
    KindInfo(Kind.MENTION, "Mentions", "Someone @mentions you in a post.", default=Delivery.EMAIL),
    KindInfo(
        Kind.SOLUTION_ACCEPTED,
        "Accepted solutions",
        "Your reply is accepted as the solution to a question.",
    ),
    KindInfo(Kind.KUDOS, "Kudos", "Members give kudos to your posts (grouped per post)."),
    KindInfo(
        Kind.MODERATION,
        "Moderation",
        "Decisions on your posts and your reports, and notices about your account.",
        can_turn_off=False,
    ),
    KindInfo(
        Kind.ANNOUNCEMENT,
        "Announcements",
        "News from the community managers for members like you.",
        default=Delivery.EMAIL,
    ),
):
    register_kind(_info)
