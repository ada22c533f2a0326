"""The search backends. The database one always holds the index (it answers when no engine is
configured, and when the engine is down); Elasticsearch, when configured, answers first."""

from functools import cache

from django.conf import settings

from .database import DatabaseBackend


@cache
def database_backend() -> DatabaseBackend:
    return DatabaseBackend()


def engine_backend():
    """The Elasticsearch backend when ELASTICSEARCH_URL is set, else None."""
    if settings.COMMUNITY_SEARCH_BACKEND != "elasticsearch":
        return None
    from .elasticsearch import ElasticsearchBackend

    return ElasticsearchBackend.from_settings()


def query_backend():
    """The backend that answers searches: the engine if there is one, else the database."""
    return engine_backend() or database_backend()
