from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "community.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from community.members.data_export import register_exporter

        from . import demo  # noqa: F401  (registers the demo seeder)
        from .services import preferences_of

        register_exporter("notification_settings", preferences_of)
