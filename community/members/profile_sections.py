"""Sections that content apps add to a member's profile page (forum activity, courses...).

The members app knows nothing of those apps: each registers a section from its own ready().
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .models import User


@dataclass(frozen=True)
class ProfileSection:
    title: str
    template: str
    order: int
    # (member, viewer) -> context for the section's template
    load: Callable[[User, Any], dict[str, Any]]


_sections: list[ProfileSection] = []


def register_profile_section(section: ProfileSection) -> None:
    _sections.append(section)
    _sections.sort(key=lambda registered: registered.order)


def sections_for(member: User, viewer) -> list[dict[str, Any]]:
    """Each registered section with its loaded context, in order."""
    return [
        {"title": section.title, "template": section.template, **section.load(member, viewer)}
        for section in _sections
    ]
