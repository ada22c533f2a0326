"""{% link %}: the chrome's fixed addresses, the same as {% url %} gives."""

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

NAMES = ["account_login", "account_logout", "notifications:list", "members:edit_profile"]


@pytest.mark.parametrize("name", NAMES)
def test_a_link_is_the_address_url_gives(name):
    rendered = Template("{% load links %}{% link '" + name + "' %}").render(Context())

    assert rendered == reverse(name)


def test_a_link_follows_the_script_prefix_the_site_is_served_under():
    set_script_prefix("/community/")
    try:
        rendered = Template("{% load links %}{% link 'account_login' %}").render(Context())
    finally:
        set_script_prefix("/")

    assert rendered == "/community/accounts/login/"
