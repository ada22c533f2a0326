"""Cross-cutting tests (numbers in query strings, hostile input) reuse the small forum."""

from tests.forums.conftest import (  # noqa: F401  (shared forum fixtures)
    _page_tree_for_the_module,
    asker,
    category,
    forums,
    partner,
    partner_lounge,
)
