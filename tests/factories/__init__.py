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
from tests.factories.stories import ArticleFactory as ArticleFactory
from tests.factories.stories import HighlightFactory as HighlightFactory
from tests.factories.stories import ProductFactory as ProductFactory
from tests.factories.stories import StoryFactory as StoryFactory

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
