"""How many rows tables hold: compared before and after running something again (a seeder, a
command) to show that it added none."""

from django.db.models import Model


def row_counts(*models: type[Model]) -> dict[str, int]:
    """Each model's row count under the model's name, so a failed comparison names the table."""
    return {model.__name__: model.objects.count() for model in models}
