"""A small forum: one public category, the partners-only lounge, members in every role."""

import pytest
from django.db import transaction

from community.home.site_setup import ensure_site_tree
from community.members.roles import Role
from forums.models import ForumIndexPage
from tests.factories import CustomerFactory, EmployerFactory, PartnerFactory
from tests.factories.forums import ForumCategoryFactory, TopicFactory, forum_index


@pytest.fixture(scope="module")
def _page_tree_for_the_module(django_db_setup, django_db_blocker):
    """Build the site's page tree once per test module, in a transaction rolled back at the end.

    Each test's own transaction nests inside it as a savepoint, so every test still starts from
    the same state; building the tree for every test would double the suite's running time.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        ensure_site_tree()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def forums(request, _page_tree_for_the_module, db) -> ForumIndexPage:
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        raise pytest.UsageError(
            "`forums` shares a page tree inside a transaction; transactional tests build "
            "their own with tests.factories.forums.forum_index()."
        )
    return forum_index()


@pytest.fixture
def partner(db):
    return PartnerFactory()


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


@pytest.fixture
def employer(db):
    return EmployerFactory()


@pytest.fixture
def asker(db):
    return CustomerFactory(display_name="Priya Raman")


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
