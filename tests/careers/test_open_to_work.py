"""Open to work: a member says what they look for; employers browse only those who opted in."""

import pytest
from django.urls import reverse

from careers.application_models import OpenToWork
from tests.factories.careers_applications import OpenToWorkFactory

pytestmark = pytest.mark.django_db


def test_a_member_marks_themselves_open_to_work(client, seeker):
    client.force_login(seeker)
    response = client.post(
        reverse("careers:open_to_work"),
        {
            "roles": "Lifecycle marketing lead, CRM manager",
            "places": "Lisboa, Porto",
            "countries": ["PT", "ES"],
            "remote_ok": "on",
            "visible": "on",
        },
    )
    assert response.status_code == 302
    card = OpenToWork.objects.get(member=seeker)
    assert card.visible and card.remote_ok
    assert sorted(card.countries.values_list("code", flat=True)) == ["ES", "PT"]


def test_a_missing_role_keeps_what_was_typed(client, seeker):
    client.force_login(seeker)
    response = client.post(reverse("careers:open_to_work"), {"roles": "", "places": "東京 or 大阪"})
    assert response.status_code == 422
    assert "東京 or 大阪" in response.content.decode()
    assert not OpenToWork.objects.exists()


def test_employers_see_visible_cards_only(client, employer):
    shown = OpenToWorkFactory(roles="Email developer")
    OpenToWorkFactory(roles="Hidden analyst", visible=False)
    client.force_login(employer)
    page = client.get(reverse("careers:candidates")).content.decode()
    assert shown.roles in page
    assert "Hidden analyst" not in page


def test_employers_filter_by_role_country_and_remote(client, employer):
    lisbon = OpenToWorkFactory(roles="CRM lead", remote_ok=False)
    lisbon.countries.set(["PT"])
    OpenToWorkFactory(roles="Data engineer", remote_ok=True)
    client.force_login(employer)
    page = client.get(reverse("careers:candidates") + "?q=crm&country=PT").content.decode()
    assert "CRM lead" in page and "Data engineer" not in page
    page = client.get(reverse("careers:candidates") + "?remote=1").content.decode()
    assert "Data engineer" in page and "CRM lead" not in page


def test_stopping_deletes_the_card(client, seeker):
    OpenToWorkFactory(member=seeker)
    client.force_login(seeker)
    client.post(reverse("careers:stop_open_to_work"))
    assert not OpenToWork.objects.exists()


@pytest.mark.parametrize("cards", [1, 15])
def test_browsing_costs_the_same_for_few_or_many_candidates(
    client, employer, cards, django_assert_max_num_queries
):
    for _ in range(cards):
        OpenToWorkFactory().countries.set(["DE"])
    client.force_login(employer)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("careers:candidates"))
    assert response.content.decode().count('class="card candidate"') == cards
