import pytest

from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.events import ChapterFactory, EventFactory


@pytest.fixture
def member(db):
    return CustomerFactory(display_name="Ana Souza")


@pytest.fixture
def others(db):
    return [CustomerFactory(display_name=f"Member {n}") for n in range(5)]


@pytest.fixture
def manager(db):
    return CommunityManagerFactory()


@pytest.fixture
def chapter(db):
    return ChapterFactory(title="Berlin chapter", slug="berlin", city="Berlin")


@pytest.fixture
def event(chapter):
    return EventFactory(parent=chapter, title="Journeys night", slug="journeys-night", capacity=2)
