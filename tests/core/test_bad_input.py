"""NUL characters in an address: dropped from the query string before any view or query sees
them (PostgreSQL cannot store one), and an address whose path holds one is refused with a reason."""

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
        "/forums/suggest/tags/?q=%00",
        "/forums/suggest/members/?q=ana%00",
        "/search/suggest/?q=re%00port",
    ],
)
def test_a_nul_character_in_the_query_string_is_dropped(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == path.split("q=")[1].replace("%00", "")


@pytest.mark.parametrize("path", ["/forums/?tag=caf%00", "/search/?q=a%00b&tag%00=x"])
def test_pages_asked_for_with_a_nul_character_still_open(client, forums, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/members/ana%00/", "/forums/tags/caf%00/"])
def test_a_nul_character_in_the_path_is_a_bad_request_with_a_reason(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
