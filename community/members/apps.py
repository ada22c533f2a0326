from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class MembersConfig(AppConfig):
    default = True
    name = "community.members"
    label = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (every account gets a profile)


class MembersWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that speak of display names (see admin_users.py)."""

    user_viewset = "community.members.admin_users.MemberViewSet"
