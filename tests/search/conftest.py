"""Search tests: a small forum with a public category and the partners-only lounge, indexed.

`search_backend` names the backend the behaviour tests run on; the Elasticsearch integration
module overrides it. `reindex()` rebuilds the index from the database, as `manage.py
search_index --rebuild` does, and makes the engine's writes visible at once.
"""

import pytest

from community.search import indexing
from community.search.backends import engine_backend
from tests.forums.conftest import (  # noqa: F401  (shared forum fixtures)
    _page_tree_for_the_module,
    asker,
    category,
    forums,
    partner,
    partner_lounge,
)


@pytest.fixture
def search_backend(settings) -> str:
    settings.COMMUNITY_SEARCH_BACKEND = "database"
    return "database"


@pytest.fixture
def reindex(search_backend):
    def rebuild() -> int:
        written = indexing.rebuild()
        engine = engine_backend()
        if engine is not None:
            engine.refresh()
        return written

    return rebuild
