from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "community.listening"
    label = "listening"
    verbose_name = "Listening"
