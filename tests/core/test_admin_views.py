"""The community's own admin screens name themselves in the admin's header, as Wagtail's do."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("events_make_leader", "Make a chapter leader"),
        ("stories_onboard_partner", "Onboard a partner"),
        ("insight_dashboard", "Community insight"),
    ],
)
def test_an_admin_screen_is_named_in_the_header_breadcrumbs(
    client, community_manager, url_name, title
):
    client.force_login(community_manager)
    html = client.get(reverse(url_name)).content.decode()

    breadcrumbs = re.search(r'<nav[^>]*aria-label="Breadcrumb"[^>]*>(.*?)</nav>', html, re.S)
    assert breadcrumbs, "the admin header has its breadcrumbs"
    assert title in breadcrumbs.group(1)
