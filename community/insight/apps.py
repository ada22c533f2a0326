from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "community.insight"
    label = "insight"
    verbose_name = "Community insight"
