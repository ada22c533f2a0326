"""The database search index: one row per searchable thing, shaped for full-text search and facets.

Rows are derived from the content apps' own tables by `indexing.apply_updates()`; nothing else
writes them. The full-text columns the engines need live beside these fields, created by the
migrations per database: a generated `tsvector` with a GIN index on PostgreSQL, an FTS5 table
kept in step by triggers on SQLite. PostgreSQL also has a small `headline_vector` (title and tags
only, with its own GIN index) for suggestions and for words so common that matching every post
would be slow.
"""

from django.db import models


class SearchEntry(models.Model):
    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()

    title = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    tags_text = models.TextField(blank=True)
    heading = models.CharField(max_length=300, help_text="What results show as the title.")
    context = models.CharField(max_length=200, blank=True)
    url = models.CharField(max_length=500)

    author_id = models.BigIntegerField(null=True, blank=True)
    author_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField()

    industry = models.CharField(max_length=80, blank=True)
    region = models.CharField(max_length=12, blank=True)
    audience = models.CharField(max_length=4, blank=True)
    # The row's value in the status facet and the badge its result wears, as its search type
    # declares them; empty where the type has none.
    status = models.CharField(max_length=20, blank=True)
    badge = models.CharField(max_length=20, blank=True)
    is_public = models.BooleanField(default=True)
    boost = models.FloatField(default=1.0)
    # slug -> name, read in the same row as the match: filtering and counting tags by joining
    # `search_entry_tag` costs a lookup per match. The tag rows stay for lookups by slug.
    tag_map = models.JSONField(default=dict, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_entry"
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique"),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="search_entry_newest"),
            # Combined with the full-text index (a bitmap AND) when a segment is selected, so
            # only rows in that segment are read.
            models.Index(fields=["industry"], name="search_entry_industry"),
            models.Index(fields=["region"], name="search_entry_region"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SearchEntryTag(models.Model):
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="tags")
    slug = models.CharField(max_length=100)
    name = models.CharField(max_length=100)

    class Meta:
        db_table = "search_entry_tag"
        constraints = [
            models.UniqueConstraint(fields=["entry", "slug"], name="search_entry_tag_unique"),
        ]
        indexes = [models.Index(fields=["slug", "entry"], name="search_entry_tag_slug")]

    def __str__(self) -> str:
        return self.slug


class SearchEntryGroup(models.Model):
    """A group whose members may see a restricted entry (rows exist only for restricted entries)."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="groups")
    group_id = models.IntegerField()

    class Meta:
        db_table = "search_entry_group"
        constraints = [
            models.UniqueConstraint(fields=["entry", "group_id"], name="search_entry_group_unique"),
        ]
        indexes = [models.Index(fields=["group_id", "entry"], name="search_entry_group_lookup")]

    def __str__(self) -> str:
        return f"{self.entry_id} for group {self.group_id}"


class SearchBacklog(models.Model):
    """Keys the search engine missed because it could not be reached; sent again later."""

    key = models.CharField(max_length=60, unique=True)
    queued_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "search_backlog"

    def __str__(self) -> str:
        return self.key
