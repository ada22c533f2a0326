"""Keywords on the board: the pages of one search, and the same words asked again soon, ask the
community search once; other words are searched afresh, and a search that fails is not kept."""

import pytest

from careers import filters
from community.search import indexing

pytestmark = pytest.mark.django_db


@pytest.fixture
def searches(monkeypatch):
    """Each call to the community search, recorded on the way through."""
    asked = []
    real = filters.matching_ids

    def recording(kind, text, **kwargs):
        asked.append(text)
        return real(kind, text, **kwargs)

    monkeypatch.setattr("careers.filters.matching_ids", recording)
    return asked


def board(client, **params) -> str:
    response = client.get("/careers/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_paging_through_a_keyword_search_asks_the_search_once(
    client, site_tree, job, searches, settings
):
    settings.COMMUNITY_SEARCH_BACKEND = "database"
    indexing.rebuild()
    assert "Marketing Operations Manager" in board(client, q="operations")
    assert "Marketing Operations Manager" in board(client, q="Operations")
    board(client, q="operations", page="2")
    assert searches == ["operations"]


def test_other_words_are_searched_afresh(client, site_tree, job, searches, settings):
    settings.COMMUNITY_SEARCH_BACKEND = "database"
    indexing.rebuild()
    board(client, q="operations")
    html = board(client, q="deliverability")
    assert "Marketing Operations Manager" not in html
    assert searches == ["operations", "deliverability"]


def test_a_failed_search_is_not_kept(client, site_tree, job, monkeypatch):
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise ConnectionError("search engine unreachable")

    monkeypatch.setattr("careers.filters.matching_ids", broken)
    for _ in range(2):
        # Titles are matched in the database meanwhile.
        assert "Marketing Operations Manager" in board(client, q="operations")
    assert len(calls) == 2
