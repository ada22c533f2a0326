"""Who may moderate: the one check the review queue, the moderation services and content apps'
own moderation actions (locking or merging topics...) all go through."""

from django.core.exceptions import PermissionDenied

MODERATE_PERMISSION = "members.moderate_community"


def is_moderator(user) -> bool:
    """Whether the user may review reports and held posts and sanction members."""
    return bool(user.is_authenticated and user.has_perm(MODERATE_PERMISSION))


def ensure_moderator(user) -> None:
    """Raise PermissionDenied unless the user may moderate the community."""
    if not is_moderator(user):
        raise PermissionDenied("Only community managers can moderate.")
