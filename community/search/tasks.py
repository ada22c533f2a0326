"""Background work of search: index updates after commit."""

from django_tasks import task

from . import indexing


@task()
def update_search_index(keys: list[str]) -> int:
    return indexing.apply_updates(keys)
