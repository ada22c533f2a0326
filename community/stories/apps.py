from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "community.stories"
    label = "stories"
    verbose_name = "Stories"
