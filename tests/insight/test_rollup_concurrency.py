"""The nightly rollup and a manager's `insight_rollup` may run at the same moment: the numbers
must come out the same as after one run, never doubled."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.insight import rollup
from community.insight.models import DailyMember, DailyRollup, DailyTerm, MonthlyMember
from tests.concurrency import ON_POSTGRESQL_WITH_THREADS, run_together

pytestmark = ON_POSTGRESQL_WITH_THREADS


def _stored() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (DailyRollup, DailyMember, DailyTerm, MonthlyMember)
    )


def test_rollups_running_together_store_each_number_once(community):
    since = timezone.localdate() - timedelta(days=30)
    rollup.recompute(since=since)
    once = _stored()
    assert once[0] > 0

    run_together(lambda _: rollup.recompute(since=since), range(4))

    assert _stored() == once


@pytest.mark.parametrize("days", [2, 30])
def test_overlapping_ranges_rolled_up_together_leave_no_duplicates(community, days):
    today = timezone.localdate()
    rollup.recompute(since=today - timedelta(days=30))
    once = _stored()

    run_together(lambda n: rollup.recompute(since=today - timedelta(days=n)), [days, 30, days])

    assert _stored() == once
