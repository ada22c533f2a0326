"""Screening of what members write: new members' posts wait for approval, too many links
are refused, and blocked words hold or reject a post."""

import re
from dataclasses import dataclass

from django.conf import settings

from community.core.errors import Rejected

from .models import BlockedPattern

# One match per link, however it is written ("https://www.x.com" counts once).
LINK_PATTERN = re.compile(r"(?:https?://|\bwww\.)[^\s<>()\[\]]+", re.IGNORECASE)


class PostRejected(Rejected):
    """The post breaks a rule; the message tells the member which, and nothing is saved."""


@dataclass(frozen=True)
class Screening:
    hold: bool
    reason: str = ""


PUBLISH = Screening(hold=False)


def needs_approval(member) -> bool:
    """New members post through the review queue until enough of their posts were approved."""
    return member.profile.approved_posts < settings.MODERATION_HOLD_FIRST_POSTS


def screen_post(*, author, text: str) -> Screening:
    """Decide whether a post is published now or held; raise PostRejected if it can't be posted."""
    if author.is_community_manager:
        return PUBLISH
    new_member = needs_approval(author)
    if new_member:
        links = len(LINK_PATTERN.findall(text))
        allowed = settings.MODERATION_NEW_MEMBER_MAX_LINKS
        if links > allowed:
            raise PostRejected(
                f"New members can include at most {allowed} link{'s' if allowed != 1 else ''} "
                f"in a post; this one has {links}."
            )
    for blocked in BlockedPattern.objects.all():
        if blocked.compiled().search(text):
            if blocked.outcome == BlockedPattern.Outcome.REJECT:
                raise PostRejected(
                    "Your post contains words that aren't allowed in this community. "
                    "Please rephrase it."
                )
            return Screening(hold=True, reason=f"Matched the blocked pattern “{blocked.pattern}”")
    if new_member:
        return Screening(hold=True, reason="A new member's first posts wait for approval")
    return PUBLISH
