"""Employers make their company's page: a name in any script with an address to match, a logo
decoded in full before it is kept, and one page per company."""

import pytest
from django.urls import reverse

from careers.models import Company
from tests.factories.careers import CompanyFactory
from tests.factories.images import PAYLOAD, Sample, bad_samples, photo, polyglot_samples

pytestmark = pytest.mark.django_db


def company_form(**changes) -> dict:
    data = {
        "name": "Brightpath Health",
        "website": "brightpath-health.example.com",
        "industry": "",
        "region": "",
        "description": "Clinics across **India** and Southeast Asia.",
    }
    data.update(changes)
    return data


def test_an_employer_creates_their_company_page_and_posts_for_it(client, employer):
    client.force_login(employer)
    logo = Sample("logo.png", photo("PNG", size=(200, 200))).upload()
    response = client.post(reverse("careers:new_company"), company_form(logo=logo))
    company = Company.objects.get()
    assert response["Location"] == company.get_absolute_url()
    assert company.slug == "brightpath-health"
    assert company.website == "https://brightpath-health.example.com"
    assert "<strong>India</strong>" in company.description_html
    assert list(company.members.all()) == [employer]
    assert company.logo.name.endswith(".png")
    page = client.get(company.get_absolute_url()).content.decode()
    assert "Post a job" in page


@pytest.mark.parametrize(
    "name", ["Müller & Söhne", "データ分析株式会社", "हिंदी मार्केटिंग", "Café Ñandú"]
)
def test_a_company_name_in_any_script_gets_a_readable_address(client, employer, name):
    client.force_login(employer)
    client.post(reverse("careers:new_company"), company_form(name=name))
    company = Company.objects.get()
    assert company.slug and company.slug != "company"
    assert client.get(company.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("label", ["html-renamed-jpg", "svg-renamed-png", "truncated-png-50pc"])
def test_a_logo_that_is_not_a_picture_is_refused_and_the_form_keeps_the_name(
    client, employer, label
):
    client.force_login(employer)
    response = client.post(
        reverse("careers:new_company"),
        company_form(name="Kestrel Software", logo=bad_samples()[label].upload()),
    )
    assert response.status_code == 422
    assert "Kestrel Software" in response.content.decode()
    assert not Company.objects.exists()


def test_a_logo_keeps_only_its_pixels(client, employer):
    client.force_login(employer)
    sample = next(iter(polyglot_samples().values()))
    client.post(reverse("careers:new_company"), company_form(logo=sample.upload()))
    company = Company.objects.get()
    with company.logo.open("rb") as stored:
        assert PAYLOAD not in stored.read()


def test_a_second_page_for_the_same_company_is_refused_with_a_way_forward(
    client, employer, company
):
    client.force_login(employer)
    response = client.post(reverse("careers:new_company"), company_form(name="brightwave  DIGITAL"))
    assert response.status_code == 422
    assert "already has a company page" in response.content.decode()
    assert Company.objects.count() == 1


def test_renaming_a_company_moves_its_address(client, employer, company):
    client.force_login(employer)
    response = client.post(
        reverse("careers:edit_company", args=[company.slug]), company_form(name="Brightwave Labs")
    )
    company.refresh_from_db()
    assert company.slug == "brightwave-labs"
    assert response["Location"] == company.get_absolute_url()


def test_two_names_with_the_same_letters_get_different_addresses(employer):
    from careers.services import CompanyData, create_company

    first = create_company(member=employer, data=CompanyData(name="Nord-West"))
    second = create_company(member=employer, data=CompanyData(name="Nord West!"))
    assert first.slug == "nord-west"
    assert second.slug == "nord-west-2"


def test_a_seeker_cannot_make_a_company_page(client, seeker):
    client.force_login(seeker)
    response = client.post(reverse("careers:new_company"), company_form())
    assert response.status_code == 403
    assert not Company.objects.exists()


def test_an_employer_cannot_edit_another_companys_page(client, other_employer, company):
    CompanyFactory(name="Unrelated")
    client.force_login(other_employer)
    response = client.post(
        reverse("careers:edit_company", args=[company.slug]), company_form(name="Taken over")
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Brightwave Digital"
