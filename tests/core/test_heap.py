"""The web process's loaded application is kept out of the garbage collector's passes."""

import gc
import importlib

import pytest

from community.core import heap


@pytest.fixture
def collector_restored():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_what_the_loaded_application_holds_is_frozen_out_of_collections(collector_restored):
    gc.unfreeze()

    heap.settle_loaded_application()

    assert gc.get_freeze_count() > 10_000
    assert gc.get_count()[0] < 1_000  # collected just before, so no garbage is frozen


def test_young_objects_are_collected_less_often_and_older_ones_as_python_does(
    collector_restored,
):
    gc.set_threshold(700, 10, 10)

    heap.settle_loaded_application()

    assert gc.get_threshold() == (heap.YOUNG_THRESHOLD, 10, 10)


@pytest.mark.parametrize("entry_point", ["community.wsgi", "community.asgi"])
def test_both_entry_points_settle_the_application_once_it_is_loaded(
    collector_restored, monkeypatch, entry_point
):
    module = importlib.import_module(entry_point)
    settled = []
    monkeypatch.setattr(heap, "settle_loaded_application", lambda: settled.append(True))

    importlib.reload(module)

    assert settled == [True]
