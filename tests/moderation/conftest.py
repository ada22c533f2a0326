"""A small forum with members in every standing: established, new, suspended, banned, managers."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from community.core import ratelimit
from tests.factories import CustomerFactory
from tests.factories.members import member_fixture
from tests.forums.conftest import (  # noqa: F401  (the forum tests' fixtures, shared here)
    _page_tree_for_the_module,
    asker,
    category,
    employer,
    forums,
    lounge_topic,
    partner,
    partner_lounge,
    question,
)

# Halfway through a ten-minute rate-limit window (1_700_000_100 is 300 s past a multiple of 600).
MIDWAY_THROUGH_A_WINDOW = 1_700_000_100.0


spammer = member_fixture(CustomerFactory, display_name="Sam Spammer")

# A member who just joined: none of their posts has been approved yet.
newcomer = member_fixture(CustomerFactory, display_name="Nadia Newcomer", profile__approved_posts=0)


@pytest.fixture
def banned_member(db):
    member = CustomerFactory(display_name="Boris Banned")
    member.profile.banned_at = timezone.now()
    member.profile.save(update_fields=["banned_at"])
    return member


@pytest.fixture
def reporters(db):
    """Three members who will each report the same thing."""
    return [CustomerFactory() for _ in range(3)]


@pytest.fixture
def frozen_rate_window(monkeypatch):
    """Rate limits count in fixed windows; hold the clock still so none resets during a test."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: MIDWAY_THROUGH_A_WINDOW))
