from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "community.home"
    label = "home"
    verbose_name = "Home"
