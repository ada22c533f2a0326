"""The home page's tests share the forums' page tree (built once per module) and categories."""

import pytest

from community.members.models import Industry
from community.members.roles import Role
from tests.factories import CustomerFactory
from tests.factories.forums import ForumCategoryFactory
from tests.forums.conftest import _page_tree_for_the_module, forums  # noqa: F401  (fixtures)


@pytest.fixture
def manufacturing(db) -> Industry:
    return Industry.objects.get(name="Manufacturing")


@pytest.fixture
def other_industry(manufacturing) -> Industry:
    return Industry.objects.exclude(pk=manufacturing.pk).order_by("sort_order").first()


@pytest.fixture
def member(manufacturing):
    """A customer in manufacturing, with a headline and company but no picture yet."""
    return CustomerFactory(
        display_name="Ana Souza",
        profile__industry=manufacturing,
        profile__job_title="Head of Support",
        profile__company="Acme Tools",
    )


@pytest.fixture
def category(forums):  # noqa: F811  (the fixture imported above)
    return ForumCategoryFactory(title="Campaigns & email", slug="campaigns-email")


@pytest.fixture
def second_category(forums):  # noqa: F811
    return ForumCategoryFactory(title="Data & integrations", slug="data-integrations")


@pytest.fixture
def partner_lounge(forums):  # noqa: F811
    return ForumCategoryFactory(
        title="Partner lounge", slug="partner-lounge", restricted_to=[Role.PARTNER]
    )
