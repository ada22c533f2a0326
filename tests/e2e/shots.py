"""Screenshots for looking at the pages: with E2E_SCREENSHOTS=<folder>, `shot` saves a full-page
PNG there; none are taken otherwise. Scenes built once per server database."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from playwright.sync_api import Page

SHOTS = os.environ.get("E2E_SCREENSHOTS", "")

S = TypeVar("S")


def shot(page: Page, name: str, *, width: bool = False) -> None:
    """Save the page as `<name>.png`, or `<name>-<viewport width>.png` with `width`."""
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = f"-{page.viewport_size['width']}" if width else ""
    page.screenshot(path=str(folder / f"{name}{suffix}.png"), full_page=True)


_SCENES: dict[tuple[str, str], object] = {}


def scene_fixture(build: Callable[[], S]):
    """A `scene` fixture returning what `build()` makes, built once per server database (per
    pytest-xdist worker): the pages only read it."""

    @pytest.fixture
    def scene(e2e_server) -> S:
        key = (f"{build.__module__}.{build.__qualname__}", str(e2e_server.database))
        if key not in _SCENES:
            _SCENES[key] = build()
        return _SCENES[key]

    return scene
