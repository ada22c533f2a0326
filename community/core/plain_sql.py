"""Fixed reads written in SQL, for the few made on every page.

Where building a query through the ORM costs more than the database takes to answer it (a
small indexed read made on every request), the read is a fixed statement instead. Table names
come from the models, values are always bound parameters, and writes stay in the ORM.
"""

from collections.abc import Collection

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper


def connection_for(model: type[models.Model]) -> BaseDatabaseWrapper:
    """The connection `model` is read from."""
    return connections[router.db_for_read(model)]


def table(model: type[models.Model]) -> str:
    """The model's table name, quoted for the database it is read from."""
    return connection_for(model).ops.quote_name(model._meta.db_table)


def placeholders(values: Collection) -> str:
    """The placeholders of an IN list of `values` (callers return early when it is empty)."""
    return ", ".join(["%s"] * len(values))


def fetch(model: type[models.Model], sql: str, params: list) -> list[tuple]:
    """The rows of `sql`, run on the database `model` is read from."""
    with connection_for(model).cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
