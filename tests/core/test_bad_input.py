"""A NUL character in an address is refused with a reason before any view or query sees it."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    # A crash must show up as a 500 response here, not as an exception in the test.
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=a%00b",
        "/forums/suggest/tags/?q=%00",
        "/forums/suggest/members/?q=ana%00",
        "/forums/?tag=caf%00",
        "/members/ana%00/",
        "/search/?q=ok&tag%00=x",
    ],
)
def test_a_nul_character_in_the_address_is_a_bad_request_with_a_reason(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_an_address_without_nul_characters_is_served(client):
    assert client.get("/search/", {"q": "café"}).status_code == 200
