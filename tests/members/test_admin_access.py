"""Who may open the Wagtail admin, by role."""

import pytest
from django.urls import reverse

from tests.factories import CustomerFactory, EmployerFactory, PartnerFactory

pytestmark = pytest.mark.django_db

ADMIN_URL = "/admin/"


@pytest.mark.parametrize(
    "factory", [CustomerFactory, PartnerFactory, EmployerFactory], ids=lambda f: f.__name__
)
def test_members_without_admin_role_are_turned_away_from_the_admin(client, factory):
    client.force_login(factory())

    response = client.get(ADMIN_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    followed = client.get(response["Location"])
    assert "You do not have permission to access the admin" in followed.content.decode()


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(ADMIN_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_community_manager_opens_the_admin_dashboard(client, community_manager):
    client.force_login(community_manager)

    response = client.get(ADMIN_URL)

    assert response.status_code == 200


def test_community_manager_sees_the_industries_in_the_segments_admin(client, community_manager):
    client.force_login(community_manager)

    response = client.get(reverse("wagtailsnippets_members_industry:list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Manufacturing" in content
    assert "Healthcare &amp; life sciences" in content


def test_community_manager_sees_countries_mapped_to_regions(client, community_manager):
    client.force_login(community_manager)

    response = client.get(reverse("wagtailsnippets_members_country:list"), {"q": "Brazil"})

    assert response.status_code == 200
    assert "Brazil" in response.content.decode()


def test_customer_cannot_open_the_segments_admin(client, customer):
    client.force_login(customer)

    response = client.get(reverse("wagtailsnippets_members_industry:list"))

    assert response.status_code in (302, 403)


def test_community_manager_edits_a_members_display_name_in_the_admin(client, community_manager):
    member = CustomerFactory(display_name="Ana Souza")
    client.force_login(community_manager)

    form = client.get(f"/admin/users/edit/{member.pk}/")
    response = client.post(
        f"/admin/users/edit/{member.pk}/",
        {
            "username": member.username,
            "email": member.email,
            "display_name": "Ana S. Souza",
            "is_active": "on",
        },
    )

    assert form.status_code == 200
    assert 'name="display_name"' in form.content.decode()
    assert 'name="first_name"' not in form.content.decode()
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Ana S. Souza"
