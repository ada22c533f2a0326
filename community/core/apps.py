from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "community.core"
    label = "core"
    verbose_name = "Community core"

    def ready(self) -> None:
        from . import extensions

        # Every app's contributions module, this one's included (see extensions.py).
        extensions.collect()
