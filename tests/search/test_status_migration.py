"""The move from the two question-only columns to a generic status and badge, on both backends:
the database rows (migrated for real) and the Elasticsearch index (its bodies, with a mock
client, as the other Elasticsearch tests do)."""

import logging
from datetime import UTC, datetime
from importlib import import_module
from unittest.mock import MagicMock

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from elastic_transport import ConnectionError as TransportConnectionError
from elasticsearch import Elasticsearch

from community.search.backends.elasticsearch import content_index

MIGRATION = import_module("community.search.migrations.0005_status_and_badge")
BEFORE = [("search", "0004_headline_and_tag_map")]
AFTER = [("search", "0005_status_and_badge")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_rows_keep_their_state_as_status_and_badge_both_ways():
    apps = migrate(BEFORE)
    try:
        old_entry = apps.get_model("search", "SearchEntry")
        common = {"heading": "Webhook retries", "url": "/t/1/", "created_at": datetime.now(UTC)}
        for object_id, solved, is_solution in [
            (1, True, False),
            (2, False, False),
            (3, None, False),
            (4, True, True),
            (5, True, False),
        ]:
            old_entry.objects.create(
                kind="question" if object_id < 4 else "answer",
                object_id=object_id,
                solved=solved,
                is_solution=is_solution,
                **common,
            )

        entry = migrate(AFTER).get_model("search", "SearchEntry")
        moved = {e.object_id: (e.status, e.badge) for e in entry.objects.all()}
        assert moved == {
            1: ("solved", "solved"),
            2: ("unsolved", ""),
            3: ("", ""),
            4: ("solved", "solution"),
            5: ("solved", "solved"),
        }
        # The full-text index still follows the table (SQLite keeps it with triggers).
        entry.objects.create(kind="question", object_id=6, title="Kafka lag", **common)
        assert _full_text_finds("kafka") == [6]

        old_entry = migrate(BEFORE).get_model("search", "SearchEntry")
        back = {e.object_id: (e.solved, e.is_solution) for e in old_entry.objects.all()}
        assert back == {
            1: (True, False),
            2: (False, False),
            3: (None, False),
            4: (True, True),
            5: (True, False),
            6: (None, False),
        }
        old_entry.objects.filter(object_id=6).update(title="Kafka consumer lag")
        assert _full_text_finds("consumer") == [6]
    finally:
        migrate(AFTER)


def _full_text_finds(word: str) -> list[int]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT object_id FROM search_entry "
                "WHERE search_vector @@ plainto_tsquery('english', %s)",
                [word],
            )
        else:
            cursor.execute(
                "SELECT e.object_id FROM search_entry e JOIN search_entry_fts "
                "ON search_entry_fts.rowid = e.id WHERE search_entry_fts MATCH %s",
                [f'"{word}"'],
            )
        return [row[0] for row in cursor.fetchall()]


# --- Elasticsearch ------------------------------------------------------------------------


def test_the_fields_added_in_place_are_the_ones_a_new_index_has():
    properties = content_index("test-content-1").to_dict()["mappings"]["properties"]

    assert {
        name: properties[name] for name in MIGRATION.ENGINE_PROPERTIES
    } == MIGRATION.ENGINE_PROPERTIES


def test_the_live_index_gets_the_fields_then_its_documents_move_in_the_background():
    client = MagicMock()
    client.indices.exists_alias.return_value = True
    client.update_by_query.return_value = {"task": "node-1:42"}

    assert MIGRATION.upgrade_engine_index(client, "test-content") == "node-1:42"

    client.indices.put_mapping.assert_called_once_with(
        index="test-content", properties=MIGRATION.ENGINE_PROPERTIES
    )
    call = client.update_by_query.call_args.kwargs
    assert call["index"] == "test-content"
    # Only documents that had a state are rewritten.
    assert call["query"] == {
        "bool": {
            "should": [{"exists": {"field": "solved"}}, {"term": {"is_solution": True}}],
            "minimum_should_match": 1,
        }
    }
    assert call["script"]["lang"] == "painless"
    for assignment in (
        "source.status = 'solved'",
        "source.status = 'unsolved'",
        "source.badge = 'solution'",
        "source.badge = 'solved'",
        "source.remove('solved')",
        "source.remove('is_solution')",
    ):
        assert assignment in call["script"]["source"]
    assert call["conflicts"] == "proceed"
    assert call["wait_for_completion"] is False


def test_no_index_yet_means_nothing_to_move():
    client = MagicMock()
    client.indices.exists_alias.return_value = False

    assert MIGRATION.upgrade_engine_index(client, "test-content") is None
    client.indices.put_mapping.assert_not_called()
    client.update_by_query.assert_not_called()


def test_without_an_engine_the_migration_leaves_elasticsearch_alone(settings, monkeypatch):
    settings.COMMUNITY_SEARCH_BACKEND = "database"
    monkeypatch.setattr(MIGRATION, "upgrade_engine_index", _must_not_run)

    MIGRATION.move_engine_documents(None, None)


def test_an_unreachable_engine_asks_for_a_rebuild_instead_of_failing(settings, monkeypatch, caplog):
    settings.COMMUNITY_SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.ELASTICSEARCH_INDEX_PREFIX = "test"

    def unreachable(client, alias):
        assert isinstance(client, Elasticsearch)
        assert alias == "test-content"
        raise TransportConnectionError("refused")

    monkeypatch.setattr(MIGRATION, "upgrade_engine_index", unreachable)
    with caplog.at_level(logging.WARNING):
        MIGRATION.move_engine_documents(None, None)

    assert "search_index --rebuild" in caplog.text


def _must_not_run(client, alias):
    raise AssertionError("Elasticsearch was called")
