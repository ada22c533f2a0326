"""Who may read the community health dashboard: community managers, and no one else. The numbers
describe every segment of the customer base, and the lists behind them name members."""

from django.core.exceptions import PermissionDenied


def can_view_insight(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_community_manager)


def ensure_can_view_insight(user) -> None:
    if not can_view_insight(user):
        raise PermissionDenied("Only community managers can see the community insight.")
