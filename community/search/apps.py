from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "community.search"
    label = "search"
    verbose_name = "Search"
