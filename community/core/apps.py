from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "community.core"
    label = "core"
    verbose_name = "Community core"

    def ready(self) -> None:
        from community.members.data_export import register_exporter

        from .drafts import export_for_member

        # Unposted drafts are the member's writing too.
        register_exporter("drafts", export_for_member)
