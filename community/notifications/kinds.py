"""The kinds of notification and how members may receive each.

The core's own kinds are keyed here; every app, this one included, describes the kinds it sends
with a `KindInfo` in its contributions module (see `community.core.extensions`), so the
preferences page lists them all.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models

from community.core import extensions


class Kind(StrEnum):
    """Kinds any app may send: mentions are part of the one Markdown pipeline, kudos of any post."""

    MENTION = "mention"
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
    # Where the preferences page lists the kind, among every app's kinds.
    order: int = 100
    # The icon (templates/includes/icon.html) beside a notification of this kind.
    icon: str = "bell"

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [
            (delivery.value, delivery.label)
            for delivery in Delivery
            if delivery != Delivery.OFF or self.can_turn_off
        ]


def kind_info(key: str) -> KindInfo:
    for info in extensions.notification_kinds():
        if info.key == key:
            return info
    raise LookupError(f"No notification kind {key!r} is declared.")


def all_kinds() -> list[KindInfo]:
    return extensions.notification_kinds()
