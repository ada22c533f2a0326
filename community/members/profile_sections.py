"""Sections that content apps add to a member's profile page (their activity, courses...).

The members app knows nothing of those apps: each declares its section in its contributions
module (see `community.core.extensions`).
"""

from collections.abc import Callable
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


def sections_for(member: User, viewer) -> list[dict[str, Any]]:
    """Each declared section with its loaded context, in order."""
    return [
        {"title": section.title, "template": section.template, **section.load(member, viewer)}
        for section in extensions.profile_sections()
    ]
