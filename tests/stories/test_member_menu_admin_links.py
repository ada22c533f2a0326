"""The member menu leads those who work in the admin there: partners to their section (to write
a story), community managers to the admin; everyone else sees neither, and the menu costs no
extra query on any page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.stories.partners import writes_for_a_partner
from community.stories.templatetags.story_tags import writes_for_a_partner as menu_filter

pytestmark = pytest.mark.django_db

PAGE = "/stories/"


def menu_of(client) -> str:
    html = client.get(PAGE).content.decode()
    start = html.index('class="menu member-menu"')
    return html[start : html.index("</details>", start)]


def test_a_partner_finds_their_section_and_write_a_story_in_the_member_menu(
    client, partner, partner_section
):
    client.force_login(partner)

    menu = menu_of(client)

    assert "Write a story" in menu
    assert "Your partner section" in menu
    assert ">Admin<" not in menu.replace("</svg>", ">")


def test_write_a_story_opens_a_new_story_in_the_partners_section(client, partner, partner_section):
    client.force_login(partner)

    response = client.get(reverse("stories_write_story"))

    add_url = reverse(
        "wagtailadmin_pages:add", args=["stories", "storypage", partner_section.page.pk]
    )
    assert response.status_code == 302
    assert response["Location"] == add_url
    assert client.get(add_url).status_code == 200


def test_your_partner_section_opens_it_in_the_admin(client, partner, partner_section):
    client.force_login(partner)

    response = client.get(reverse("stories_partner_section"))

    assert response["Location"] == reverse("wagtailadmin_explore", args=[partner_section.page.pk])


def test_a_community_manager_finds_the_admin_in_the_member_menu(client, manager, stories):
    client.force_login(manager)

    menu = menu_of(client)

    assert f'href="{reverse("wagtailadmin_home")}"' in menu
    assert "Write a story" not in menu


def test_a_customer_sees_no_admin_link(client, reader, stories):
    client.force_login(reader)

    menu = menu_of(client)

    assert "Write a story" not in menu
    assert "Your partner section" not in menu
    assert "/admin/" not in menu


def test_the_partner_links_cost_no_query_once_the_groups_are_loaded(partner, partner_section):
    assert partner.role_names  # what the role badge beside the member's name loads on every page

    with CaptureQueriesContext(connection) as queries:
        assert writes_for_a_partner(partner)
        assert menu_filter(partner)

    assert len(queries) == 0


def test_a_partner_page_costs_no_more_queries_than_a_customers(
    client, partner, partner_section, reader
):
    counts = {}
    for member in (reader, partner):
        client.force_login(member)
        client.get(PAGE)
        with CaptureQueriesContext(connection) as queries:
            client.get(PAGE)
        counts[member.pk] = len(queries)

    assert counts[partner.pk] <= counts[reader.pk]
