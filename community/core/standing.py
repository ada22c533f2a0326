"""Whether a member may take part right now: the one check every app's write goes through; and
the yes/no form of any app's rule, for its pages."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils import formats


def ensure_can_participate(user) -> None:
    """Raise PermissionDenied with the reason a member cannot post, react, report, RSVP or apply."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in to take part.")
    if not user.is_active:
        raise PermissionDenied("Your account is not active.")
    profile = user.profile
    if profile.is_banned:
        raise PermissionDenied("Your account is banned; you can still read and export your data.")
    if profile.is_suspended:
        until = formats.date_format(profile.suspended_until, "DATETIME_FORMAT")
        raise PermissionDenied(f"Your account is suspended until {until}; you can still read.")


def allowed(ensure: Callable[..., None], *args, **kwargs) -> bool:
    """The yes/no twin of an `ensure_*` rule, for pages deciding what to offer: the very rule
    the service will apply, so a page never offers what would be refused."""
    try:
        ensure(*args, **kwargs)
    except PermissionDenied:
        return False
    return True
