"""One generic status and badge per entry, declared by each search type, instead of two columns
only questions used.

The values are the ones the forums' search types declare for the same facts: a question's
status is "solved" or "unsolved", its accepted answer wears the "solution" badge, and the rest of
a solved thread the "solved" one. Both backends move: the database rows here, and the live
Elasticsearch index (when one is configured) gets the new fields and has its documents updated
in place, in the background. A later `search_index --rebuild` builds a clean index either way.
"""

import logging
from importlib import import_module

from django.conf import settings
from django.db import migrations, models
from django.db.models import BooleanField, Case, Q, Value, When

logger = logging.getLogger(__name__)

FULL_TEXT = import_module("community.search.migrations.0002_full_text")
# Adding a column makes Django rebuild the table on SQLite, which drops its triggers.
SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    *FULL_TEXT.SQLITE_FORWARD[1:],
]

# --- Elasticsearch: the fields to add, and the update of the documents already indexed ---

ENGINE_PROPERTIES = {
    "status": {"type": "keyword"},
    "badge": {"type": "keyword", "index": False, "doc_values": False},
}
ENGINE_QUERY = {
    "bool": {
        "should": [{"exists": {"field": "solved"}}, {"term": {"is_solution": True}}],
        "minimum_should_match": 1,
    }
}
ENGINE_SCRIPT = {
    "lang": "painless",
    "source": """
        def source = ctx._source;
        if (source.solved == true) { source.status = 'solved'; }
        else if (source.solved == false) { source.status = 'unsolved'; }
        if (source.is_solution == true) { source.badge = 'solution'; }
        else if (source.solved == true) { source.badge = 'solved'; }
        source.remove('solved');
        source.remove('is_solution');
    """,
}
ENGINE_TIMEOUT = 30.0


def upgrade_engine_index(client, alias: str) -> str | None:
    """Add the new fields to the index behind `alias` and start moving its documents to them;
    returns the id of the background task, or None when there is no index yet."""
    if not client.indices.exists_alias(name=alias):
        return None
    client.indices.put_mapping(index=alias, properties=ENGINE_PROPERTIES)
    response = client.update_by_query(
        index=alias,
        query=ENGINE_QUERY,
        script=ENGINE_SCRIPT,
        conflicts="proceed",
        refresh=True,
        slices="auto",
        wait_for_completion=False,
    )
    return getattr(response, "body", response).get("task")


def move_engine_documents(apps, schema_editor) -> None:
    if settings.COMMUNITY_SEARCH_BACKEND != "elasticsearch":
        return
    from elastic_transport import ApiError, TransportError
    from elasticsearch import Elasticsearch

    client = Elasticsearch(
        settings.ELASTICSEARCH_URL, request_timeout=ENGINE_TIMEOUT, max_retries=0
    )
    alias = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content"
    try:
        task = upgrade_engine_index(client, alias)
    except (ApiError, TransportError) as error:
        # The database index answers meanwhile; the engine's index must be rebuilt.
        logger.warning(
            "Could not update the Elasticsearch index %s (%s): run "
            "`manage.py search_index --rebuild` once it is reachable.",
            alias,
            error,
        )
        return
    if task:
        logger.info("Elasticsearch documents of %s are being updated (task %s).", alias, task)


# --- The database index ------------------------------------------------------------------


def move_rows(apps, schema_editor) -> None:
    entry = apps.get_model("search", "SearchEntry")
    entry.objects.filter(Q(solved__isnull=False) | Q(is_solution=True)).update(
        status=Case(
            When(solved=True, then=Value("solved")),
            When(solved=False, then=Value("unsolved")),
            default=Value(""),
        ),
        badge=Case(
            When(is_solution=True, then=Value("solution")),
            When(solved=True, then=Value("solved")),
            default=Value(""),
        ),
    )


def move_rows_back(apps, schema_editor) -> None:
    entry = apps.get_model("search", "SearchEntry")
    entry.objects.filter(Q(status__in=["solved", "unsolved"]) | Q(badge="solution")).update(
        solved=Case(
            When(status="solved", then=Value(True)),
            When(status="unsolved", then=Value(False)),
            default=Value(None),
            output_field=BooleanField(null=True),
        ),
        is_solution=Case(
            When(badge="solution", then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def restore_triggers(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_headline_and_tag_map")]

    operations = [
        # Undoing this migration rebuilds the table again: the triggers come back last.
        migrations.RunPython(migrations.RunPython.noop, restore_triggers),
        migrations.AddField(
            model_name="searchentry",
            name="status",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="badge",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.RunPython(move_rows, move_rows_back),
        migrations.RemoveField(model_name="searchentry", name="solved"),
        migrations.RemoveField(model_name="searchentry", name="is_solution"),
        migrations.RunPython(restore_triggers, migrations.RunPython.noop),
        migrations.RunPython(move_engine_documents, migrations.RunPython.noop),
    ]
