import pytest

from tests.factories import CustomerFactory
from tests.factories.forums import ForumCategoryFactory, TopicFactory
from tests.factories.members import member_fixture

asker = member_fixture(CustomerFactory, display_name="Priya Raman")


@pytest.fixture
def question(asker):
    """A question in the forums: every reply to it notifies the asker."""
    return TopicFactory(
        category=ForumCategoryFactory(),
        author=asker,
        title="How do I score leads from webinar attendance?",
        body="We want attendance to feed the lead score. Has anyone built this?",
    )
