"""The stories section: /stories/ with its review workflow, two onboarded partners, readers."""

import pytest

from community.stories.pages import StoryIndexPage
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.stories import onboard


@pytest.fixture
def stories(site_tree) -> StoryIndexPage:
    return StoryIndexPage.objects.get()


@pytest.fixture
def partner(db):
    return PartnerFactory(display_name="Lars Eriksen")


@pytest.fixture
def partner_section(stories, partner):
    """Fjord Consulting, onboarded with `partner` as its only editor."""
    return onboard("Fjord Consulting", partner)


@pytest.fixture
def other_partner(db):
    return PartnerFactory(display_name="Imani Okafor")


@pytest.fixture
def other_section(stories, other_partner):
    """Savanna Digital, a second partner organisation with its own editor."""
    return onboard("Savanna Digital", other_partner)


@pytest.fixture
def manager(db):
    return CommunityManagerFactory(display_name="Sofia Marques")


@pytest.fixture
def reader(db):
    return CustomerFactory(display_name="Kenji Watanabe")
