from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class MembersConfig(AppConfig):
    default = True
    name = "community.members"
    label = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        # Registers the demo seeder, the signal handlers and profiles as reportable content.
        from . import demo, moderation, signals  # noqa: F401


class MembersWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that speak of display names (see admin_users.py)."""

    user_viewset = "community.members.admin_users.MemberViewSet"
