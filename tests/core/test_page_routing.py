"""A page's route is remembered between requests, and never outlives a change to the tree.

The second view of a path loads only the page it leads to; whatever happened in between
(unpublishing, deleting, renaming, moving, a view restriction, a partners-only category, a draft)
shows on the very next request, as it did when every request walked the tree.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from community.core import page_routing
from community.members.roles import Role
from forums.models import ForumCategoryPage
from tests.factories import PartnerFactory
from tests.factories.forums import ForumCategoryFactory, forum_index
from tests.factories.pages import publish
from tests.markup import page_headings

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(site_tree):
    return ForumCategoryFactory(title="Data integrations", slug="data-integrations")


def get(client, path: str, **extra):
    """The response, and the SQL of the queries it cost."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **extra)
    return response, [query["sql"] for query in captured.captured_queries]


def viewed_twice(client, path: str):
    """The second response for `path`, its route remembered by the first."""
    first = client.get(path)
    assert first.status_code == 200
    return get(client, path)


# --- Remembered ------------------------------------------------------------------------------


def test_a_page_viewed_again_is_served_without_walking_the_tree(client, category):
    first, first_queries = get(client, category.url)
    second, second_queries = get(client, category.url)

    assert second.status_code == first.status_code == 200
    assert page_headings(second.content.decode()) == ["Data integrations"]
    assert len(second_queries) <= len(first_queries) - 5
    assert not [sql for sql in second_queries if "wagtailcore_site" in sql]
    assert not [sql for sql in second_queries if "wagtailcore_pageviewrestriction" in sql]


def test_the_home_page_and_sections_are_remembered_too(client, site_tree):
    for path in ("/", "/forums/", "/learning/", "/stories/"):
        response, queries = viewed_twice(client, path)

        assert response.status_code == 200
        assert not [sql for sql in queries if "wagtailcore_site" in sql], path


def test_each_host_is_routed_through_its_own_site(client, site_tree, category):
    Site.objects.create(hostname="localhost", port=80, root_page=forum_index())

    for _ in range(2):
        home = client.get("/", HTTP_HOST="testserver")
        forums = client.get("/", HTTP_HOST="localhost")
        assert page_headings(home.content.decode()) == ["Where our customers help each other win"]
        assert page_headings(forums.content.decode()) == ["Forums"]


# --- Never stale -----------------------------------------------------------------------------


def test_an_unpublished_page_is_not_served_from_its_remembered_route(client, category):
    viewed_twice(client, category.url)

    category.unpublish()

    assert client.get(category.url).status_code == 404


def test_a_deleted_page_is_not_served_from_its_remembered_route(client, category):
    viewed_twice(client, category.url)

    category.delete()

    assert client.get(category.url).status_code == 404


def test_a_page_made_private_asks_for_sign_in_at_once(client, category):
    viewed_twice(client, category.url)

    PageViewRestriction.objects.create(page=category, restriction_type="login")

    response = client.get(category.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_page_under_a_section_made_private_asks_for_sign_in_at_once(client, category):
    viewed_twice(client, category.url)

    PageViewRestriction.objects.create(page=forum_index(), restriction_type="login")

    assert client.get(category.url).status_code == 302


def test_a_private_page_checks_its_restriction_on_every_view(client, category, customer):
    PageViewRestriction.objects.create(page=category, restriction_type="login")

    for _ in range(2):
        assert client.get(category.url).status_code == 302

    client.force_login(customer)
    response, queries = viewed_twice(client, category.url)
    assert response.status_code == 200
    assert [sql for sql in queries if "wagtailcore_pageviewrestriction" in sql]

    client.logout()
    assert client.get(category.url).status_code == 302


def test_a_page_made_public_again_is_served_to_everyone(client, category, customer):
    restriction = PageViewRestriction.objects.create(page=category, restriction_type="login")
    client.force_login(customer)
    viewed_twice(client, category.url)
    client.logout()

    restriction.delete()

    assert client.get(category.url).status_code == 200


def test_a_partners_only_category_stays_hidden_from_others_after_a_partners_visit(
    client, site_tree
):
    lounge = ForumCategoryFactory(
        title="Partner lounge", slug="partner-lounge", restricted_to=[Role.PARTNER]
    )
    client.force_login(PartnerFactory())
    viewed_twice(client, lounge.url)

    client.logout()

    for _ in range(2):
        assert client.get(lounge.url).status_code == 404


def test_a_renamed_page_answers_at_its_new_path_at_once(client, category):
    old_url = category.url
    viewed_twice(client, old_url)

    category.slug = "integrations"
    renamed = publish(category)

    assert renamed.url == "/forums/integrations/"
    assert client.get(renamed.url).status_code == 200
    assert client.get(old_url).status_code == 404


def test_a_moved_page_answers_at_its_new_path_at_once(client, category):
    old_url = category.url
    viewed_twice(client, old_url)
    new_parent = ForumCategoryFactory(title="Archive", slug="archive")

    category.move(new_parent, pos="last-child")

    assert client.get("/forums/archive/data-integrations/").status_code == 200
    old = client.get(old_url)
    assert old.status_code == 301  # Wagtail's redirect, made as the page moved
    assert old["Location"] == "/forums/archive/data-integrations/"


def test_a_path_freed_by_a_rename_leads_to_the_page_that_takes_it(client, category):
    viewed_twice(client, "/forums/data-integrations/")
    category.slug = "old-integrations"
    publish(category)

    ForumCategoryFactory(title="Integrations, new", slug="data-integrations")

    response = client.get("/forums/data-integrations/")
    assert page_headings(response.content.decode()) == ["Integrations, new"]


def test_an_unpublished_draft_is_not_served(client, category):
    viewed_twice(client, category.url)

    category.title = "A title still in draft"
    category.save_revision()

    response = client.get(category.url)
    assert page_headings(response.content.decode()) == ["Data integrations"]


def test_a_lost_route_version_forgets_every_remembered_route(client, category):
    viewed_twice(client, category.url)
    cache.delete(page_routing.VERSION_KEY)  # evicted, or Redis emptied

    ForumCategoryPage.objects.filter(pk=category.pk).update(slug="renamed-behind-its-back")
    response = client.get(category.url)

    assert response.status_code == 404


def test_a_change_forgets_routes_again_once_committed(category, django_capture_on_commit_callbacks):
    """Another process may route between the change and its commit, reading the old tree: the
    version started at the change must not outlive the commit."""
    with django_capture_on_commit_callbacks(execute=True):
        category.title = "Data integrations, renamed"
        category.save()
        during = cache.get(page_routing.VERSION_KEY)

    assert during is not None
    assert cache.get(page_routing.VERSION_KEY) not in (None, during)
