"""Search on the database itself: PostgreSQL full-text search, or SQLite FTS5.

One SQL statement finds a page of hits (with scores and highlighted excerpts) and one more
counts every facet, however many facets have a selection: each facet is counted over the
matches filtered by every *other* facet, so picking "Healthcare" still shows how many results
the other industries have, exactly as the Elasticsearch backend's aggregations do. Tags are the
exception: a second tag narrows further, so tag counts include the tag filter.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db import connection, transaction
from django.utils import timezone

from ..documents import HIGHLIGHT_END, HIGHLIGHT_START, SearchDocument, Tag
from ..models import SearchEntry, SearchEntryGroup, SearchEntryTag
from ..query import DATE_RANGES, MAX_PAGES, SearchRequest
from ..results import BackendResults, FacetCount, Hit, Suggestion

TAG_FACET_SIZE = 15
# Browsing without words counts the newest CANDIDATES posts ("5,000+ posts"). A search whose
# words appear in more than CANDIDATES posts matches titles and tags only: scoring and counting
# a tenth of the community for one common word would take seconds, and a post that names the
# word in its title is what such a search is after. A further word brings every post back.
CANDIDATES = 5000
# Tag suggestions count posts up to this many ("1000+").
TAG_SUGGESTION_COUNT_CAP = 1000
EXCERPT_WORDS = 36
# Facets counted with GROUP BY on a column of search_entry; the others are special.
COLUMN_FACETS = {
    "type": "kind",
    "industry": "industry",
    "region": "region",
    "audience": "audience",
    "status": "status",
}


@dataclass
class Sql:
    """A fragment of SQL and its parameters, combined with `+`."""

    text: str = ""
    params: list = field(default_factory=list)

    def __add__(self, other: "Sql") -> "Sql":
        return Sql(self.text + other.text, self.params + other.params)


def _join(parts: list[Sql], separator: str) -> Sql:
    return Sql(
        separator.join(part.text for part in parts), [p for part in parts for p in part.params]
    )


class PostgresText:
    """Full-text matching on the generated, weighted `search_vector` column."""

    def source(self, terms: list[str]) -> str:
        return "search_entry e"

    def query(self, terms: list[str], *, match_any: bool) -> Sql:
        if match_any:
            # Words are letters and digits only, so joining them with | is never syntax.
            return Sql("to_tsquery('english', %s)", [" | ".join(terms)])
        return Sql("plainto_tsquery('english', %s)", [" ".join(terms)])

    def match(self, terms: list[str], *, match_any: bool, headline: bool = False) -> Sql:
        column = "e.headline_vector" if headline else "e.search_vector"
        return Sql(f"{column} @@ ") + self.query(terms, match_any=match_any)

    def score(self, terms: list[str], *, match_any: bool) -> Sql:
        return (
            Sql("ts_rank(e.search_vector, ")
            + self.query(terms, match_any=match_any)
            + Sql(", 1) * e.boost")
        )

    def excerpt(self, terms: list[str], *, match_any: bool) -> Sql:
        options = (
            f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_END}, MaxWords={EXCERPT_WORDS}, "
            f'MinWords={EXCERPT_WORDS // 2}, MaxFragments=2, FragmentDelimiter=" … "'
        )
        return (
            Sql("ts_headline('english', x.body, ")
            + self.query(terms, match_any=match_any)
            + Sql(", %s)", [options])
        )

    def title_prefix_match(self, terms: list[str]) -> Sql:
        # Every word but the last is whole; the last is a prefix. ":A" keeps to titles.
        return Sql("e.headline_vector @@ to_tsquery('english', %s)", [_prefix_query(terms)])

    def title_prefix_score(self, terms: list[str]) -> Sql:
        return Sql(
            "ts_rank(e.headline_vector, to_tsquery('english', %s)) * e.boost",
            [_prefix_query(terms)],
        )

    def has_tag(self, slug: str) -> Sql:
        return Sql("e.tag_map ? %s", [slug])

    def tag_pairs(self, source: str) -> tuple[str, str, str]:
        """A FROM clause pairing each row of `source` with its tags, and the slug and name."""
        return f"{source}, jsonb_each_text({source}.tag_map) AS t(slug, name)", "t.slug", "t.name"


class SqliteText:
    """Full-text matching on the FTS5 table `search_entry_fts` (Porter stemming)."""

    def source(self, terms: list[str]) -> str:
        if not terms:
            return "search_entry e"
        return "search_entry e JOIN search_entry_fts ON search_entry_fts.rowid = e.id"

    def _expression(self, terms: list[str], *, match_any: bool) -> str:
        # Each word quoted, so FTS5 reads it as a word and never as an operator.
        return (" OR " if match_any else " ").join(f'"{term}"' for term in terms)

    def match(self, terms: list[str], *, match_any: bool, headline: bool = False) -> Sql:
        expression = self._expression(terms, match_any=match_any)
        if headline:
            expression = f"{{title tags_text}} : ({expression})"
        return Sql("search_entry_fts MATCH %s", [expression])

    def score(self, terms: list[str], *, match_any: bool) -> Sql:
        return Sql("-bm25(search_entry_fts, 10.0, 4.0, 1.0) * e.boost")

    def excerpt(self, terms: list[str], *, match_any: bool) -> Sql:
        return Sql(
            "(SELECT snippet(search_entry_fts, 2, %s, %s, ' … ', %s) FROM search_entry_fts "
            "WHERE search_entry_fts MATCH %s AND search_entry_fts.rowid = x.id)",
            [
                HIGHLIGHT_START,
                HIGHLIGHT_END,
                EXCERPT_WORDS,
                self._expression(terms, match_any=match_any),
            ],
        )

    def title_prefix_match(self, terms: list[str]) -> Sql:
        *whole, last = terms
        words = " ".join([f'"{term}"' for term in whole] + [f'"{last}"*'])
        return Sql("search_entry_fts MATCH %s", [f"title : ({words})"])

    def title_prefix_score(self, terms: list[str]) -> Sql:
        return Sql("-bm25(search_entry_fts, 10.0, 4.0, 1.0) * e.boost")

    def has_tag(self, slug: str) -> Sql:
        return Sql("EXISTS (SELECT 1 FROM json_each(e.tag_map) WHERE json_each.key = %s)", [slug])

    def tag_pairs(self, source: str) -> tuple[str, str, str]:
        return f"{source}, json_each({source}.tag_map) AS t", "t.key", "t.value"


class DatabaseBackend:
    name = "database"

    @property
    def text(self) -> PostgresText | SqliteText:
        return PostgresText() if connection.vendor == "postgresql" else SqliteText()

    # --- Writing ------------------------------------------------------------------------

    def index(self, documents: list[SearchDocument]) -> None:
        if not documents:
            return
        now = timezone.now()
        entries = [_entry(document, now) for document in documents]
        with transaction.atomic():
            SearchEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["kind", "object_id"],
                update_fields=[
                    f.name
                    for f in SearchEntry._meta.concrete_fields
                    if not f.primary_key and f.name not in ("kind", "object_id")
                ],
                batch_size=500,
            )
            ids = self._entry_ids((document.kind, document.object_id) for document in documents)
            SearchEntryTag.objects.filter(entry_id__in=ids.values()).delete()
            SearchEntryGroup.objects.filter(entry_id__in=ids.values()).delete()
            SearchEntryTag.objects.bulk_create(
                [
                    SearchEntryTag(entry_id=ids[document.key], slug=tag.slug, name=tag.name)
                    for document in documents
                    for tag in {tag.slug: tag for tag in document.tags}.values()
                ],
                batch_size=1000,
            )
            SearchEntryGroup.objects.bulk_create(
                [
                    SearchEntryGroup(entry_id=ids[document.key], group_id=group_id)
                    for document in documents
                    for group_id in _group_ids(document.access)
                ],
                batch_size=1000,
            )

    def remove(self, keys: Iterable[tuple[str, int]]) -> None:
        by_kind: dict[str, list[int]] = {}
        for kind, object_id in keys:
            by_kind.setdefault(kind, []).append(object_id)
        with transaction.atomic():
            for kind, object_ids in by_kind.items():
                SearchEntry.objects.filter(kind=kind, object_id__in=object_ids).delete()

    def clear(self, kinds: list[str] | None = None) -> None:
        entries = SearchEntry.objects.all()
        if kinds is not None:
            entries = entries.filter(kind__in=kinds)
        entries.delete()

    def start_rebuild(self, *, kinds: list[str] | None, started_at) -> "DatabaseRebuild":
        return DatabaseRebuild(self, started_at)

    def _entry_ids(self, keys: Iterable[tuple[str, int]]) -> dict[str, int]:
        by_kind: dict[str, set[int]] = {}
        for kind, object_id in keys:
            by_kind.setdefault(kind, set()).add(object_id)
        ids = {}
        for kind, object_ids in by_kind.items():
            for pk, object_id in SearchEntry.objects.filter(
                kind=kind, object_id__in=object_ids
            ).values_list("pk", "object_id"):
                ids[f"{kind}:{object_id}"] = pk
        return ids

    # --- Reading ------------------------------------------------------------------------

    def search(self, request: SearchRequest, *, groups: list[int] | None) -> BackendResults:
        """Facets first: they give the total, so a page past the end is served as the last."""
        terms = request.terms
        headline = bool(terms) and self._matches_more_than(CANDIDATES, request, terms, groups)
        if headline:
            facets, tag_names = self._facets(replace(request, headline_only=True), terms, groups)
            if facets.get("type"):
                request = replace(request, headline_only=True)
            else:
                # No title or tag has the words: every post it is, however slow.
                headline = False
        if not headline:
            facets, tag_names = self._facets(request, terms, groups)
        total = sum(
            count.count
            for count in facets.get("type", [])
            if not request.filters.get("type") or count.value in request.filters["type"]
        )
        capped = not terms and total >= CANDIDATES
        last_page = max(1, min(MAX_PAGES, -(-total // request.per_page)))
        served = replace(request, page=min(request.page, last_page))
        hits = self._hits(self._page(served, terms, groups))
        return BackendResults(
            hits=hits,
            total=total,
            facets=facets,
            tag_names=tag_names,
            page=served.page,
            total_is_lower_bound=capped,
            headline_only=headline,
        )

    def _matches_more_than(self, limit: int, request: SearchRequest, terms, groups) -> bool:
        """Whether the words match more than `limit` posts the viewer may see (filters aside).

        Reads at most limit + 1 rows, in whatever order the full-text index hands them over.
        """
        where = _join(
            [self.text.match(terms, match_any=request.match_any), *_access(groups)], " AND "
        )
        statement = (
            Sql(f"SELECT COUNT(*) FROM (SELECT 1 FROM {self.text.source(terms)} WHERE ")
            + where
            + Sql(" LIMIT %s) AS probe", [limit + 1])
        )
        with connection.cursor() as cursor:
            cursor.execute(statement.text, statement.params)
            return cursor.fetchone()[0] > limit

    def _where(
        self, request: SearchRequest, terms: list[str], groups, *, without: str | None = None
    ) -> Sql:
        conditions = [Sql("1 = 1")]
        if terms:
            conditions.append(
                self.text.match(terms, match_any=request.match_any, headline=request.headline_only)
            )
        conditions.extend(_access(groups))
        for facet, values in request.filters.items():
            if facet == without:
                continue
            if facet == "tag":
                # Every selected tag must be there.
                conditions.extend(self.text.has_tag(slug) for slug in values)
            else:
                conditions.extend(_facet_condition(facet, values, request))
        return _join(conditions, " AND ")

    def _page(self, request: SearchRequest, terms: list[str], groups) -> list[tuple[int, str]]:
        where = self._where(request, terms, groups)
        window = Sql(" LIMIT %s OFFSET %s", [request.per_page, request.offset])
        if terms and request.sort == "relevance":
            # Every match is scored: a capped subset would be whatever rows the scan met first.
            inner = (
                Sql("SELECT e.id AS id, ")
                + self.text.score(terms, match_any=request.match_any)
                + Sql(f" AS score FROM {self.text.source(terms)} WHERE ")
                + where
                + Sql(" ORDER BY score DESC, e.created_at DESC, e.id DESC")
                + window
            )
        elif terms:
            # The matches first, then the newest of them: walking the date index newest first
            # and testing each post would read most of the index when few posts match.
            inner = (
                Sql(
                    "WITH matched AS MATERIALIZED (SELECT e.id AS id, e.created_at AS created_at "
                    f"FROM {self.text.source(terms)} WHERE "
                )
                + where
                + Sql(") SELECT id, 0 AS score FROM matched ORDER BY created_at DESC, id DESC")
                + window
            )
        else:
            inner = (
                Sql(f"SELECT e.id AS id, 0 AS score FROM {self.text.source(terms)} WHERE ")
                + where
                + Sql(" ORDER BY e.created_at DESC, e.id DESC")
                + window
            )
        if terms:
            excerpt = self.text.excerpt(terms, match_any=request.match_any)
        else:
            excerpt = Sql("substr(x.body, 1, 300)")
        statement = (
            Sql("SELECT page.id, ")
            + excerpt
            + Sql(" FROM (")
            + inner
            + Sql(
                ") page JOIN search_entry x ON x.id = page.id ORDER BY page.score DESC, x.created_at DESC, x.id DESC"
            )
        )
        with connection.cursor() as cursor:
            cursor.execute(statement.text, statement.params)
            return [(row[0], row[1] or "") for row in cursor.fetchall()]

    def _hits(self, page: list[tuple[int, str]]) -> list[Hit]:
        if not page:
            return []
        entries = SearchEntry.objects.in_bulk([pk for pk, _ in page])
        hits = []
        for pk, excerpt in page:
            entry = entries.get(pk)
            if entry is None:
                continue
            hits.append(
                Hit(
                    kind=entry.kind,
                    object_id=entry.object_id,
                    heading=entry.heading,
                    url=entry.url,
                    created_at=entry.created_at,
                    excerpt=excerpt,
                    context=entry.context,
                    author_name=entry.author_name,
                    tags=sorted(
                        (Tag(slug, name) for slug, name in (entry.tag_map or {}).items()),
                        key=lambda tag: tag.name.lower(),
                    ),
                    status=entry.status,
                    badge=entry.badge,
                )
            )
        return hits

    def _facets(
        self, request: SearchRequest, terms: list[str], groups
    ) -> tuple[dict[str, list[FacetCount]], dict[str, str]]:
        """Every facet's counts in one statement: one CTE per distinct filter set."""
        selected = {facet for facet in request.filters if facet != "tag"}
        sets = {None: self._where(request, terms, groups)}
        for facet in selected:
            sets[facet] = self._where(request, terms, groups, without=facet)
        ctes, selects = [], []
        for facet_set, where in sets.items():
            name = f"m_{facet_set or 'all'}"
            # Browsing without words counts the newest CANDIDATES entries, not the whole index.
            # Searches count every match: a capped subset would be an arbitrary one.
            cap = (
                Sql("")
                if terms
                else Sql(" ORDER BY e.created_at DESC, e.id DESC LIMIT %s", [CANDIDATES])
            )
            ctes.append(
                Sql(
                    f"{name} AS MATERIALIZED (SELECT e.id, e.kind, e.industry, e.region, "
                    f"e.audience, e.status, e.created_at, e.tag_map "
                    f"FROM {self.text.source(terms)} WHERE "
                )
                + where
                + cap
                + Sql(")")
            )
            facets = [facet_set] if facet_set else [f for f in _ALL_FACETS if f not in selected]
            for facet in facets:
                selects.append(_count_facet(facet, name, request, self.text))
        statement = Sql("WITH ") + _join(ctes, ", ") + Sql(" ") + _join(selects, " UNION ALL ")
        counts: dict[str, list[FacetCount]] = {}
        tag_names: dict[str, str] = {}
        with connection.cursor() as cursor:
            cursor.execute(statement.text, statement.params)
            for facet, value, label, count in cursor.fetchall():
                if count:
                    counts.setdefault(facet, []).append(FacetCount(str(value), int(count)))
                if label:
                    tag_names[str(value)] = label
        for values in counts.values():
            values.sort(key=lambda count: (-count.count, count.value))
        if "date" in counts:
            order = list(DATE_RANGES)
            counts["date"].sort(key=lambda count: order.index(count.value))
        return counts, tag_names

    def suggest(
        self, text: str, *, groups: list[int] | None, limit: int = 6
    ) -> tuple[list[Suggestion], list[Suggestion]]:
        """Titles that start like the text (the last word as a prefix), and tags that do."""
        from ..documents import words

        terms = [term.lower() for term in words(text)][:8]
        if not terms:
            return [], []
        where = _join([self.text.title_prefix_match(terms), *_access(groups)], " AND ")
        statement = (
            Sql("SELECT e.heading, e.url, e.kind, e.object_id, e.context FROM ")
            + Sql(self.text.source(terms))
            + Sql(" WHERE ")
            + where
            + Sql(" ORDER BY ")
            + self.text.title_prefix_score(terms)
            + Sql(" DESC, e.created_at DESC LIMIT %s", [limit])
        )
        tag_statement = self._tag_suggestions(terms[-1], groups, limit // 2 or 1)
        with connection.cursor() as cursor:
            cursor.execute(statement.text, statement.params)
            titles = [
                Suggestion(kind=kind, label=heading, url=url, object_id=object_id, detail=context)
                for heading, url, kind, object_id, context in cursor.fetchall()
            ]
            cursor.execute(tag_statement.text, tag_statement.params)
            tags = [
                Suggestion(kind="tag", label=name, url=slug, detail=_capped(count))
                for slug, name, count in cursor.fetchall()
                if count
            ]
        return titles, tags

    def _tag_suggestions(self, prefix: str, groups, limit: int) -> Sql:
        """Tags starting with the prefix, with how many posts the viewer may see carry them.

        Counting stops at TAG_SUGGESTION_COUNT_CAP, so a tag on a tenth of the community costs
        no more than a rare one while someone types.
        """
        pattern = prefix.replace("%", "").replace("_", "") + "%"
        visible = _join(_access(groups) or [Sql("1 = 1")], " AND ")
        return (
            Sql(
                "SELECT s.slug, s.name, (SELECT COUNT(*) FROM (SELECT 1 FROM search_entry_tag t "
                "JOIN search_entry e ON e.id = t.entry_id WHERE t.slug = s.slug AND "
            )
            + visible
            + Sql(
                " LIMIT %s) AS c) AS total FROM (SELECT slug, MIN(name) AS name "
                "FROM search_entry_tag WHERE slug LIKE %s GROUP BY slug ORDER BY slug LIMIT %s) s "
                "ORDER BY total DESC, s.slug LIMIT %s",
                [TAG_SUGGESTION_COUNT_CAP, pattern, limit * 4, limit],
            )
        )


class DatabaseRebuild:
    """Upsert everything, then drop the entries of the rebuilt kinds that were not written."""

    def __init__(self, backend: DatabaseBackend, started_at) -> None:
        self.backend, self.started_at = backend, started_at

    def add(self, documents: list[SearchDocument]) -> None:
        self.backend.index(documents)

    def finish(self, kinds: list[str]) -> None:
        SearchEntry.objects.filter(kind__in=kinds, indexed_at__lt=self.started_at).delete()


_ALL_FACETS = ["type", "industry", "region", "audience", "status", "date", "tag"]


def _count_facet(facet: str, source: str, request: SearchRequest, text) -> Sql:
    if facet in COLUMN_FACETS:
        column = COLUMN_FACETS[facet]
        return Sql(
            f"SELECT '{facet}', {column}, NULL, COUNT(*) FROM {source} "
            f"WHERE {column} <> '' GROUP BY {column}"
        )
    if facet == "date":
        return _join(
            [
                Sql(
                    f"SELECT 'date', '{value}', NULL, COUNT(*) FROM {source} "
                    "WHERE created_at >= %s",
                    [_datetime(request.now - span)],
                )
                for value, (_, span) in DATE_RANGES.items()
            ],
            " UNION ALL ",
        )
    pairs, slug, name = text.tag_pairs(source)
    return Sql(
        f"SELECT 'tag', slug, name, total FROM (SELECT {slug} AS slug, MIN({name}) AS name, "
        f"COUNT(*) AS total FROM {pairs} "
        f"GROUP BY {slug} ORDER BY COUNT(*) DESC, {slug} LIMIT {TAG_FACET_SIZE}) AS top_tags"
    )


def _facet_condition(facet: str, values: tuple[str, ...], request: SearchRequest) -> list[Sql]:
    if facet in COLUMN_FACETS:
        placeholders = ", ".join(["%s"] * len(values))
        return [Sql(f"e.{COLUMN_FACETS[facet]} IN ({placeholders})", list(values))]
    if facet == "date":
        return [Sql("e.created_at >= %s", [_datetime(request.date_from())])]
    return []


def _access(groups: list[int] | None) -> list[Sql]:
    """Public entries, plus those restricted to one of the viewer's groups (None: everything)."""
    if groups is None:
        return []
    if not groups:
        return [Sql("e.is_public = %s", [True])]
    placeholders = ", ".join(["%s"] * len(groups))
    return [
        Sql(
            "(e.is_public = %s OR e.id IN (SELECT g.entry_id FROM search_entry_group g "
            f"WHERE g.group_id IN ({placeholders})))",
            [True, *groups],
        )
    ]


def _capped(count: int) -> str:
    return f"{count}+" if count >= TAG_SUGGESTION_COUNT_CAP else str(count)


def _prefix_query(terms: list[str]) -> str:
    *whole, last = terms
    return " & ".join([f"{term}:A" for term in whole] + [f"{last}:*A"])


def _datetime(value):
    return connection.ops.adapt_datetimefield_value(value)


def _group_ids(access: list[str]) -> list[int]:
    return sorted(
        {
            int(key.split(":", 1)[1])
            for key in access
            if key.startswith("group:") and key[6:].isdigit()
        }
    )


def _entry(document: SearchDocument, now) -> SearchEntry:
    return SearchEntry(
        kind=document.kind,
        object_id=document.object_id,
        title=document.title[:300],
        body=document.body,
        tags_text=document.tags_text,
        heading=document.heading[:300],
        context=document.context[:200],
        url=document.url[:500],
        author_id=document.author_id,
        author_name=document.author_name[:150],
        created_at=document.created_at,
        industry=document.industry[:80],
        region=document.region[:12],
        audience=document.audience[:4],
        status=document.status[:20],
        badge=document.badge[:20],
        is_public="public" in document.access,
        tag_map={tag.slug: tag.name for tag in document.tags},
        boost=document.boost,
        indexed_at=now,
    )
