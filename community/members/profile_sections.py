"""Sections that content apps add to a member's profile page (their activity, courses...).

The members app knows nothing of those apps: each declares its section in its contributions
module (see `community.core.extensions`).
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from community.core import extensions

from .models import User


@dataclass(frozen=True)
class ProfileSection:
    title: str
    template: str
    order: int
    # (member, viewer) -> context for the section's template
    load: Callable[[User, Any], dict[str, Any]]


@dataclass(frozen=True)
class ProfileFact:
    """A number a content app knows about members ("accepted solutions", "certificates"),
    counted for a whole list of members at once: an employer's list of applicants shows each
    candidate's facts in one query per fact, however many candidates there are."""

    label: str
    order: int
    # (member ids) -> {member id: count}; members with none may be left out
    count: Callable[[Collection[int]], Mapping[int, int]]


def facts_for(member_ids: Collection[int]) -> dict[int, list[tuple[str, int]]]:
    """Each member's declared facts, in order, as (label, count) pairs."""
    member_ids = set(member_ids)
    facts: dict[int, list[tuple[str, int]]] = {member_id: [] for member_id in member_ids}
    if not member_ids:
        return facts
    for fact in extensions.profile_facts():
        counts = fact.count(member_ids)
        for member_id in member_ids:
            facts[member_id].append((fact.label, counts.get(member_id, 0)))
    return facts


def sections_for(member: User, viewer) -> list[dict[str, Any]]:
    """Each declared section with its loaded context, in order."""
    return [
        {"title": section.title, "template": section.template, **section.load(member, viewer)}
        for section in extensions.profile_sections()
    ]
