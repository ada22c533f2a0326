"""The stories section: /stories/ with its review workflow, two onboarded partners, readers."""

import pytest

from community.stories.pages import StoryIndexPage
from tests.factories import CommunityManagerFactory, CustomerFactory, PartnerFactory
from tests.factories.members import member_fixture
from tests.factories.stories import onboard


@pytest.fixture
def stories(site_tree) -> StoryIndexPage:
    return StoryIndexPage.objects.get()


partner = member_fixture(PartnerFactory, display_name="Lars Eriksen")


@pytest.fixture
def partner_section(stories, partner):
    """Fjord Consulting, onboarded with `partner` as its only editor."""
    return onboard("Fjord Consulting", partner)


other_partner = member_fixture(PartnerFactory, display_name="Imani Okafor")


@pytest.fixture
def other_section(stories, other_partner):
    """Savanna Digital, a second partner organisation with its own editor."""
    return onboard("Savanna Digital", other_partner)


manager = member_fixture(CommunityManagerFactory, display_name="Sofia Marques")


reader = member_fixture(CustomerFactory, display_name="Kenji Watanabe")
