import pytest

from community.members.models import Audience, Country, Industry
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.members import segment_fixture


@pytest.fixture
def community_manager(db):
    """A manager of no industry: the factories' rotating segments would otherwise sometimes put
    the manager inside the very segment a test surveys, and count them as invited."""
    return CommunityManagerFactory(profile__industry=None)


@pytest.fixture
def retail():
    return Industry.objects.order_by("sort_order")[0]


@pytest.fixture
def software():
    return Industry.objects.order_by("sort_order")[1]


germany = segment_fixture(Country, code="DE")
brazil = segment_fixture(Country, code="BR")


@pytest.fixture
def retail_emea_member(retail, germany):
    return CustomerFactory(
        profile__industry=retail, profile__country=germany, profile__audience=Audience.B2B
    )


@pytest.fixture
def software_latam_member(software, brazil):
    return CustomerFactory(
        profile__industry=software, profile__country=brazil, profile__audience=Audience.B2C
    )
