"""A small forum: one public category, the partners-only lounge, members in every role."""

import pytest

from community.home.site_setup import ensure_site_tree
from community.members.roles import Role
from forums.models import ForumIndexPage
from tests.factories import CustomerFactory, EmployerFactory, PartnerFactory
from tests.factories.forums import ForumCategoryFactory, TopicFactory, forum_index
from tests.factories.members import member_fixture
from tests.module_data import built_once_per_module

# The site's page tree, built once per test module: building it for every test would double
# the suite's running time.
_page_tree_for_the_module = built_once_per_module(ensure_site_tree)


@pytest.fixture
def forums(request, _page_tree_for_the_module, db) -> ForumIndexPage:
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        raise pytest.UsageError(
            "`forums` shares a page tree inside a transaction; transactional tests build "
            "their own with tests.factories.forums.forum_index()."
        )
    return forum_index()


partner = member_fixture(PartnerFactory)


@pytest.fixture
def category(forums):
    return ForumCategoryFactory(
        title="Campaigns & email", slug="campaigns-email", description="Campaigns that land."
    )


@pytest.fixture
def partner_lounge(forums):
    return ForumCategoryFactory(
        title="Partner lounge",
        slug="partner-lounge",
        description="For partners only.",
        restricted_to=[Role.PARTNER],
    )


employer = member_fixture(EmployerFactory)


asker = member_fixture(CustomerFactory, display_name="Priya Raman")


@pytest.fixture
def question(category, asker):
    return TopicFactory(
        category=category,
        author=asker,
        title="How do I score leads from webinar attendance?",
        body="We want attendance to feed the lead score. Has anyone built this?",
    )


@pytest.fixture
def lounge_topic(partner_lounge, partner):
    return TopicFactory(
        category=partner_lounge,
        author=partner,
        title="Co-selling playbook for the spring release",
        body="The partner preview of the spring release is ready for co-selling.",
        tags=["co-selling"],
    )
