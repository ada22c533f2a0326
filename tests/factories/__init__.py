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
