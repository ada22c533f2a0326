from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "community.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from . import demo  # noqa: F401  (registers the demo seeder)
