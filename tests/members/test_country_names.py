"""Countries are offered and shown by the names people use, whatever the ISO register calls them."""

import pytest

from community.members.models import Country

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("GB", "United Kingdom"),
        ("KR", "South Korea"),
        ("NL", "Netherlands"),
        ("VN", "Vietnam"),
        ("TW", "Taiwan"),
        ("BR", "Brazil"),
    ],
)
def test_a_country_reads_by_its_everyday_name(code, name):
    assert Country.objects.get(code=code).name == name


def test_the_sign_up_form_lists_the_everyday_names(client):
    page = client.get("/accounts/signup/").content.decode()

    assert ">United Kingdom<" in page
    assert "Great Britain" not in page
