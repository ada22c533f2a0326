"""Building the page tree: safe to run again, and community managers can edit it."""

import pytest
from django.core.management import call_command
from wagtail.models import GroupPagePermission, Page, Site

from careers.pages import CareersIndexPage
from community.home.models import HomePage
from community.home.site_setup import ensure_site_tree
from community.members.roles import Role
from community.stories.pages import StoryIndexPage
from events.pages import EventIndexPage
from forums.pages import ForumIndexPage
from learning.pages import LearningIndexPage

pytestmark = pytest.mark.django_db

SECTION_PAGES = [
    ForumIndexPage,
    StoryIndexPage,
    LearningIndexPage,
    EventIndexPage,
    CareersIndexPage,
]


def test_site_tree_is_built_once_however_often_it_runs():
    first = ensure_site_tree()
    second = ensure_site_tree()

    assert first.pk == second.pk
    assert HomePage.objects.count() == 1
    for page_class in SECTION_PAGES:
        assert page_class.objects.count() == 1, page_class.__name__
        assert page_class.objects.get().get_parent().pk == first.pk
    assert Site.objects.filter(is_default_site=True).count() == 1
    assert Site.objects.get(is_default_site=True).root_page_id == first.pk


def test_setup_site_command_is_safe_to_rerun():
    call_command("setup_site", stdout=None)
    call_command("setup_site", stdout=None)

    assert HomePage.objects.count() == 1
    assert sum(page_class.objects.count() for page_class in SECTION_PAGES) == 5


def test_rerunning_keeps_what_editors_changed():
    ensure_site_tree()
    forums = ForumIndexPage.objects.get()
    forums.title = "Community forums"
    forums.lead = "Edited by a community manager."
    forums.save_revision().publish()

    ensure_site_tree()

    forums = ForumIndexPage.objects.get()
    assert forums.title == "Community forums"
    assert forums.lead == "Edited by a community manager."


def test_wagtail_welcome_page_is_replaced_by_the_home_page():
    ensure_site_tree()

    root_children = Page.get_first_root_node().get_children()
    assert [page.specific_class for page in root_children] == [HomePage]
    assert HomePage.objects.get().url_path == "/home/"


def test_section_pages_live_at_their_addresses():
    ensure_site_tree()

    for page_class, path in zip(
        SECTION_PAGES, ["/forums/", "/stories/", "/learning/", "/events/", "/careers/"], strict=True
    ):
        page = page_class.objects.get()
        assert page.live
        assert page.get_url() == path


def test_community_managers_get_page_permissions_on_the_home_page():
    home = ensure_site_tree()
    ensure_site_tree()

    granted = set(
        GroupPagePermission.objects.filter(
            group__name=Role.COMMUNITY_MANAGER.value, page=home
        ).values_list("permission__codename", flat=True)
    )
    assert {"add_page", "change_page", "publish_page"} <= granted
    assert (
        GroupPagePermission.objects.filter(
            group__name=Role.COMMUNITY_MANAGER.value, page=home, permission__codename="publish_page"
        ).count()
        == 1
    )


def test_community_manager_can_edit_a_section_page_in_the_admin(client, community_manager):
    ensure_site_tree()
    forums = ForumIndexPage.objects.get()
    client.force_login(community_manager)

    response = client.get(f"/admin/pages/{forums.pk}/edit/")

    assert response.status_code == 200


def test_customer_cannot_edit_pages_in_the_admin(client, customer):
    ensure_site_tree()
    forums = ForumIndexPage.objects.get()
    client.force_login(customer)

    response = client.get(f"/admin/pages/{forums.pk}/edit/")

    assert response.status_code in (302, 403)
    assert "/admin/login/" in response.get("Location", "/admin/login/")
