"""Tags in the entry row (`tag_map`), and on PostgreSQL a title-and-tags `headline_vector`.

Both make the common cases cheap on a large index: a tag filter or count reads the row it has
already matched instead of joining `search_entry_tag`, and title suggestions or very common words
are matched on a small GIN index instead of the one over every body.
"""

from importlib import import_module

from django.db import migrations, models

FULL_TEXT = import_module("community.search.migrations.0002_full_text")
_run = FULL_TEXT._run
# Adding a column makes Django rebuild the table on SQLite, which drops its triggers.
FTS_TRIGGERS = FULL_TEXT.SQLITE_FORWARD[1:]

POSTGRES_FORWARD = [
    """
    ALTER TABLE search_entry ADD COLUMN headline_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(tags_text, '')), 'B')
    ) STORED
    """,
    "CREATE INDEX search_entry_headline ON search_entry USING gin (headline_vector)",
    "CREATE INDEX search_entry_tag_map ON search_entry USING gin (tag_map)",
    """
    UPDATE search_entry e SET tag_map = tags.map
    FROM (
        SELECT entry_id, jsonb_object_agg(slug, name) AS map
        FROM search_entry_tag GROUP BY entry_id
    ) tags
    WHERE tags.entry_id = e.id
    """,
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_tag_map",
    "DROP INDEX IF EXISTS search_entry_headline",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS headline_vector",
]
SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    *FTS_TRIGGERS,
    "INSERT INTO search_entry_fts(search_entry_fts) VALUES ('rebuild')",
    """
    UPDATE search_entry SET tag_map = (
        SELECT json_group_object(t.slug, t.name) FROM search_entry_tag t
        WHERE t.entry_id = search_entry.id
    )
    WHERE EXISTS (SELECT 1 FROM search_entry_tag t WHERE t.entry_id = search_entry.id)
    """,
]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_segment_indexes")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="tag_map",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD}),
        ),
    ]
