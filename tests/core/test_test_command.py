"""`python3 -m community test` spreads the suite over every core unless told otherwise."""

import pytest

from community.__main__ import parallel_by_default


@pytest.mark.parametrize(
    "arguments",
    [[], ["-x", "-k", "signup"], ["tests/forums"], ["--no-header"]],
)
def test_the_suite_runs_on_every_core_by_default(arguments):
    assert parallel_by_default(arguments) == ["-n", "auto", *arguments]


@pytest.mark.parametrize(
    "arguments",
    [["-n", "0"], ["-n4"], ["-nauto"], ["--numprocesses=3"], ["-p", "no:xdist"], ["-pno:xdist"]],
)
def test_a_chosen_number_of_workers_is_kept(arguments):
    assert parallel_by_default(arguments) == arguments
