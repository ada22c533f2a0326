"""When a review decision or a sanction makes sense. Each rule answers with the reason it doesn't
("" when it does): the services refuse with that reason, and the review page asks the same rules
to offer only what makes sense.

Rules only read what they are given, so the review page asks them about the item it has loaded
without a query more."""

from collections.abc import Callable
from typing import Protocol

from community.core.errors import Rejected
from community.members.models import Profile, User

from .selectors import state_label


class ModerationRefused(Rejected):
    """The decision or sanction makes no sense as things stand; the message says why."""

    status = 409  # it conflicts with the item's or the member's current state


class UnderReview(Protocol):
    """An item as the decision rules read it (a queue entry is one)."""

    @property
    def kind(self) -> str: ...

    @property
    def state(self) -> str:
        """One of "published", "held", "hidden" or "deleted"."""
        ...

    @property
    def reports(self) -> int:
        """How many reports on it are still open."""
        ...

    @property
    def can_delete(self) -> bool: ...


# --- Decisions on an item ---------------------------------------------------------------


def why_not_keep(item: UnderReview) -> str:
    if item.reports == 0:
        return "There are no open reports on this item to dismiss."
    if item.state == "held":
        return "It is awaiting approval: approve or reject it instead."
    if item.state == "deleted":
        return "It was removed; restore it first if it should be back."
    return ""


def why_not_hide(item: UnderReview) -> str:
    if item.state == "held":
        return "It is awaiting approval and not public: reject it instead."
    if item.state != "published":
        return f"It is not published (it is {state_label(item.state).lower()})."
    return ""


def why_not_restore(item: UnderReview) -> str:
    if item.state == "held":
        return "It is awaiting approval: approve it instead."
    if item.state not in ("hidden", "deleted"):
        return "It is already published."
    return ""


def why_not_delete(item: UnderReview) -> str:
    if not item.can_delete:
        return f"A {item.kind} can be hidden but not removed."
    if item.state == "held":
        return "It is awaiting approval: reject it instead."
    if item.state == "deleted":
        return "It was removed already."
    return ""


def why_not_approve_or_reject(item: UnderReview) -> str:
    if item.state != "held":
        return (
            "It is not awaiting approval "
            f"(it is {state_label(item.state).lower()}), so there is nothing to decide."
        )
    return ""


DECISION_RULES: dict[str, Callable[[UnderReview], str]] = {
    "approve": why_not_approve_or_reject,
    "reject": why_not_approve_or_reject,
    "keep": why_not_keep,
    "restore": why_not_restore,
    "hide": why_not_hide,
    "delete": why_not_delete,
}


def decision_refusal(decision: str, item: UnderReview) -> str:
    """Why `decision` makes no sense for the item as it stands ("" when it does)."""
    return DECISION_RULES[decision](item)


# --- Sanctions on a member --------------------------------------------------------------
# Each reads the member's profile as given: the review page passes the one it loaded, the
# services a fresh one.


def why_not_suspend(member: User, profile: Profile) -> str:
    if profile.is_banned:
        return f"{member} is banned; a suspension would change nothing."
    return ""


def why_not_ban(member: User, profile: Profile) -> str:
    return f"{member} is banned already." if profile.is_banned else ""


def why_not_lift(member: User, profile: Profile) -> str:
    if not (profile.is_banned or profile.is_suspended):
        return f"{member} is neither suspended nor banned."
    return ""


# A warning always makes sense, and so does marking a spammer: hiding a banned spammer's posts
# still helps (they are banned again on the way).
SANCTION_RULES: dict[str, Callable[[User, Profile], str]] = {
    "suspend": why_not_suspend,
    "ban": why_not_ban,
    "lift": why_not_lift,
}


def sanction_refusal(
    sanction: str, *, member: User, moderator: User, profile: Profile | None = None
) -> str:
    """Why `sanction` makes no sense for the member as they stand ("" when it does)."""
    if member.pk == moderator.pk:
        return "You can't sanction yourself."
    rule = SANCTION_RULES.get(sanction)
    return rule(member, profile or member.profile) if rule else ""


def ensure_decision_makes_sense(decision: str, item: UnderReview) -> None:
    refusal = decision_refusal(decision, item)
    if refusal:
        raise ModerationRefused(refusal)


def ensure_sanction_makes_sense(
    sanction: str, *, member: User, moderator: User, profile: Profile | None = None
) -> None:
    refusal = sanction_refusal(sanction, member=member, moderator=moderator, profile=profile)
    if refusal:
        raise ModerationRefused(refusal)
