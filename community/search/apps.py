from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "community.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from . import demo  # noqa: F401  (registers the search index seeder)
