"""The demo's recent questions, written per segment: retailers in Latin America wait longest for
a first answer this quarter, and the community health dashboard shows it."""

from pathlib import Path
from typing import Any

from community.core.demo import Output

from .demo import _recount_categories, recompute_reputation
from .demo_showcase import DATA_DIR, seed_showcase

RECENT_DIR = DATA_DIR / "segments"


def seed_recent_questions(
    options: dict[str, Any], out: Output, directory: Path = RECENT_DIR
) -> None:
    if written := seed_showcase(out, directory=directory):
        _recount_categories()
        recompute_reputation()
        out(f"  {written} recent questions added.")
