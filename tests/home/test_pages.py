"""Every page of the tree answers, for visitors and members, without a flood of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from tests.factories import CustomerFactory, PartnerFactory
from tests.markup import page_headings

pytestmark = pytest.mark.django_db

PAGES = {
    "/": "Where our customers help each other win",
    "/forums/": "Forums",
    "/stories/": "Stories",
    "/learning/": "Learning",
    "/events/": "Events",
    "/careers/": "Careers",
}
# Queries per page view, signed in (a signed-in view adds the session, member, profile and roles).
# With no stories yet; tests/stories/test_views.py holds the budgets of a section full of them.
QUERY_BUDGETS = {
    "/": 15,
    "/forums/": 8,
    "/stories/": 12,
    # The catalogue's filters read levels, products, tags and segments, and a member's progress
    # and learning paths; with courses in it, see tests/learning.
    "/learning/": 17,
    # The listing's filters read chapters, regions, tags and industries; with events in it, see
    # tests/events/test_pages_index.py.
    "/events/": 17,
    # The job board's filters read countries, regions, industries and skills, and a member's
    # segment for "For you"; with jobs in it, see tests/careers/test_board.py.
    "/careers/": 10,
}


@pytest.fixture
def some_members(db):
    return [CustomerFactory(), CustomerFactory(), PartnerFactory()]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_for_anonymous_visitor(client, site_tree, some_members, path):
    response = client.get(path)

    assert response.status_code == 200
    assert page_headings(response.content.decode()) == [PAGES[path]]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_for_signed_in_member(client, site_tree, some_members, path):
    member = some_members[0]
    client.force_login(member)

    response = client.get(path)

    assert response.status_code == 200
    assert escape(member.display_name) in response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("path", PAGES)
def test_page_stays_within_query_budget(
    client, site_tree, some_members, django_assert_max_num_queries, path, signed_in
):
    if signed_in:
        client.force_login(some_members[0])
    client.get(path)  # warm per-process caches (site root paths, settings)

    with django_assert_max_num_queries(QUERY_BUDGETS[path]):
        response = client.get(path)

    assert response.status_code == 200


def test_home_page_queries_do_not_grow_with_members(
    client, site_tree, django_assert_max_num_queries
):
    CustomerFactory()
    client.get("/")
    with CaptureQueriesContext(connection) as with_one_member:
        client.get("/")

    for _ in range(8):
        PartnerFactory()

    with django_assert_max_num_queries(len(with_one_member.captured_queries)):
        response = client.get("/")

    assert response.status_code == 200


def test_home_page_shows_the_sections(client, site_tree):
    content = client.get("/").content.decode()

    for path in ("/forums/", "/stories/", "/learning/", "/events/", "/careers/"):
        assert f'href="{path}"' in content


@pytest.mark.parametrize("path", ["/no-such-page/", "/forums/no-such-forum/", "/home/"])
def test_unknown_path_is_not_found(client, site_tree, path):
    assert client.get(path).status_code == 404
