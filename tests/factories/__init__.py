from tests.factories.forums import ForumCategoryFactory, ReplyFactory, TopicFactory
from tests.factories.members import (
    DEFAULT_PASSWORD,
    CommunityManagerFactory,
    CustomerFactory,
    EmployerFactory,
    PartnerFactory,
    ProfileFactory,
    UserFactory,
)
from tests.factories.notifications import AnnouncementFactory as AnnouncementFactory
from tests.factories.notifications import NotificationFactory as NotificationFactory
from tests.factories.notifications import (
    NotificationPreferenceFactory as NotificationPreferenceFactory,
)

__all__ = [
    "DEFAULT_PASSWORD",
    "CommunityManagerFactory",
    "CustomerFactory",
    "EmployerFactory",
    "ForumCategoryFactory",
    "PartnerFactory",
    "ProfileFactory",
    "ReplyFactory",
    "TopicFactory",
    "UserFactory",
]
