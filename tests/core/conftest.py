"""Cross-cutting tests (numbers in query strings, hostile input) reuse the small forum's category."""

from tests.forums.conftest import (  # noqa: F401  (shared forum fixtures)
    _page_tree_for_the_module,
    category,
    forums,
)
