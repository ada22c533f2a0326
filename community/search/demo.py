"""The demo's search index, built after every other seeder has written its content."""

from typing import Any

from community.core.demo import Output

from . import indexing


def seed_search_index(options: dict[str, Any], out: Output) -> None:
    written = indexing.rebuild()
    out(f"  {written} documents in the search index.")
