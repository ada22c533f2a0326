"""What notifications contribute to the core: their own kinds and settings in the data export."""

from community.core.extensions import Contributions

from .kinds import Delivery, Kind, KindInfo
from .services import preferences_of

contributions = Contributions(
    notification_kinds=[
        KindInfo(
            Kind.MENTION,
            "Mentions",
            "Someone @mentions you in a post.",
            default=Delivery.EMAIL,
            order=40,
            icon="user",
        ),
        KindInfo(
            Kind.KUDOS,
            "Kudos",
            "Members give kudos to your posts (grouped per post).",
            order=60,
            icon="sparkles",
        ),
        KindInfo(
            Kind.MODERATION,
            "Moderation",
            "Decisions on your posts and your reports, and notices about your account.",
            can_turn_off=False,
            order=70,
            icon="shield",
        ),
        KindInfo(
            Kind.ANNOUNCEMENT,
            "Announcements",
            "News from the community managers for members like you.",
            default=Delivery.EMAIL,
            order=80,
            icon="info",
        ),
    ],
    exporters={"notification_settings": preferences_of},
)
