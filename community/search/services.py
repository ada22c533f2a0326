"""Searching, as the pages ask for it: the viewer's rights applied, the engine's failures absorbed.

Visibility is enforced twice. The backends filter by access (public, or one of the viewer's
groups) on every query, and each page of hits is checked again with the content app's own
rules, so a post hidden a moment ago never shows while its index update is still queued.
"""

import logging
from dataclasses import replace

from django.core.cache import cache
from django.db import connection
from django.db.models import prefetch_related_objects

from community.members.models import Industry, Region
from community.members.roles import Role

from . import registry
from .backends import database_backend, query_backend
from .errors import SearchUnavailable
from .models import SearchEntryTag
from .query import (
    AUDIENCES,
    DATE_RANGES,
    FACETS,
    MAX_PAGES,
    FacetCatalog,
    SearchRequest,
)
from .query import parse_request as _parse_request
from .results import (
    BackendResults,
    Facet,
    FacetValue,
    Hit,
    SearchResults,
    Suggestion,
    mark_words,
)

logger = logging.getLogger(__name__)


def viewer_groups(viewer) -> list[int] | None:
    """The groups whose restricted content the viewer may find; None means everything."""
    if not viewer.is_authenticated:
        return []
    if viewer.is_superuser:
        return None
    # Loaded once into the member's prefetch cache: the permission checks after us reuse it.
    prefetch_related_objects([viewer], "groups")
    groups = list(viewer.groups.all())
    if any(group.name == Role.COMMUNITY_MANAGER.value for group in groups):
        return None
    return [group.pk for group in groups]


CATALOG_CACHE_KEY = "search:segments"
CATALOG_CACHE_SECONDS = 300


def facet_catalog() -> FacetCatalog:
    """The values each facet accepts. Industries and regions change rarely: cached briefly."""
    segments = cache.get(CATALOG_CACHE_KEY)
    if segments is None:
        segments = {
            "industries": dict(Industry.objects.values_list("slug", "name")),
            "regions": {
                code.lower(): name for code, name in Region.objects.values_list("code", "name")
            },
        }
        cache.set(CATALOG_CACHE_KEY, segments, CATALOG_CACHE_SECONDS)
    return FacetCatalog(
        types={search_type.name: search_type.label_plural for search_type in registry.all_types()},
        industries=segments["industries"],
        regions=segments["regions"],
        statuses=registry.statuses(),
        aliases={alias: "status" for alias in registry.status_aliases() if alias not in FACETS},
    )


def known_tags(slugs) -> dict[str, str]:
    """The tags among `slugs` that something in the index carries: slug -> name."""
    slugs = list(dict.fromkeys(slugs))
    if not slugs:
        return {}
    # One row per slug: a popular tag sits on a tenth of the index, and DISTINCT would read it all.
    table = SearchEntryTag._meta.db_table
    statement = " UNION ALL ".join(
        f"SELECT * FROM (SELECT slug, name FROM {table} WHERE slug = %s LIMIT 1) AS tag_{number}"
        for number in range(len(slugs))
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, slugs)
        return dict(cursor.fetchall())


def parse_request(params, *, catalog: FacetCatalog) -> SearchRequest:
    return _parse_request(params, catalog=catalog, known_tags=known_tags)


def search(request: SearchRequest, *, viewer, catalog: FacetCatalog) -> SearchResults:
    """One page of results the viewer may see, with facet counts.

    When no result has every word, the search is run again for any of them (`relaxed`). A page
    past the last one shows the last page instead, with a note.
    """
    groups = viewer_groups(viewer)
    raw, degraded = _run(request, groups)
    relaxed = False
    if raw.total == 0 and len(request.terms) > 1 and not request.match_any:
        wider, wider_degraded = _run(replace(request, match_any=True), groups)
        if wider.total:
            request, raw, relaxed = replace(request, match_any=True), wider, True
            degraded = degraded or wider_degraded
    last_page = max(1, min(MAX_PAGES, -(-raw.total // request.per_page)))
    asked = max(request.page, request.requested_page or 0)
    if asked > last_page:
        if last_page == MAX_PAGES:
            request.notes.append(
                f"Results go {MAX_PAGES} pages deep; narrow your search to see the others."
            )
        else:
            request.notes.append(f"There is no page {asked}; this is the last page, {last_page}.")
    if request.page > last_page:
        request.page = last_page
        if raw.page != last_page:
            raw, page_degraded = _run(request, groups)
            degraded = degraded or page_degraded
    if raw.headline_only:
        request.notes.append(
            f"So many posts mention {_quoted(request.terms)} that these are the ones with it in "
            "the title or tags. Add another word to search every post."
        )
    hits = visible_hits(raw.hits, viewer)
    for hit in hits:
        hit.heading_marked = mark_words(hit.heading, request.terms)
    return SearchResults(
        hits=hits,
        total=raw.total,
        facets=present_facets(raw, request, catalog),
        page=request.page,
        per_page=request.per_page,
        degraded=degraded,
        relaxed=relaxed,
        total_is_lower_bound=raw.total_is_lower_bound,
    )


def _quoted(terms: list[str]) -> str:
    return " ".join(f"“{term}”" for term in terms)


def _run(request: SearchRequest, groups) -> tuple[BackendResults, bool]:
    backend = query_backend()
    try:
        return backend.search(request, groups=groups), False
    except SearchUnavailable:
        if backend is database_backend():
            raise
        logger.warning("Search engine unavailable; answering from the database", exc_info=True)
        return database_backend().search(request, groups=groups), True


def visible_hits(hits: list[Hit], viewer) -> list[Hit]:
    """The hits the viewer may open now, labelled as their type says."""
    by_kind: dict[str, list[int]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit.object_id)
    allowed = set()
    for kind, pks in by_kind.items():
        search_type = registry.get(kind)
        if search_type is not None:
            allowed |= {(kind, pk) for pk in search_type.visible_pks(viewer, pks)}
    shown = []
    for hit in hits:
        if (hit.kind, hit.object_id) in allowed:
            search_type = registry.get(hit.kind)
            hit.kind_label = search_type.label
            hit.badge_label = search_type.badges.get(hit.badge, "")
            hit.heading_prefix = search_type.heading_prefix
            shown.append(hit)
    return shown


def present_facets(
    raw: BackendResults, request: SearchRequest, catalog: FacetCatalog
) -> list[Facet]:
    labels = {
        "type": catalog.types,
        "industry": catalog.industries,
        "region": catalog.regions,
        "audience": AUDIENCES,
        "status": catalog.statuses,
        "date": {value: label for value, (label, _) in DATE_RANGES.items()},
        "tag": {**request.tag_names, **raw.tag_names},
    }
    facets = []
    for name, label in FACETS.items():
        selected = request.filters.get(name, ())
        counts = {count.value: count.count for count in raw.facets.get(name, [])}
        values = [
            FacetValue(
                value=value,
                label=labels[name].get(value, value),
                count=count,
                selected=value in selected,
            )
            for value, count in counts.items()
            if value in labels[name] or name == "tag"
        ]
        values += [
            FacetValue(value=value, label=labels[name].get(value, value), count=0, selected=True)
            for value in selected
            if value not in counts
        ]
        if values:
            facets.append(Facet(name=name, label=label, values=values))
    return facets


def suggest(text: str, *, viewer, limit: int = 6) -> dict[str, list[Suggestion]]:
    """Titles and tags that start like what the member is typing."""
    groups = viewer_groups(viewer)
    backend = query_backend()
    try:
        titles, tags = backend.suggest(text, groups=groups, limit=limit)
    except SearchUnavailable:
        logger.warning("Search engine unavailable for suggestions", exc_info=True)
        titles, tags = database_backend().suggest(text, groups=groups, limit=limit)
    visible = {
        (hit.kind, hit.object_id)
        for hit in visible_hits(
            [
                Hit(kind=s.kind, object_id=s.object_id, heading=s.label, url=s.url, created_at=None)
                for s in titles
            ],
            viewer,
        )
    }
    return {
        "titles": [s for s in titles if (s.kind, s.object_id) in visible],
        "tags": tags,
    }


def similar(text: str, *, viewer, filters: dict[str, tuple[str, ...]], limit: int = 5) -> list[Hit]:
    """Content sharing words with `text` (any of them), best first: "already answered" lists."""
    request = SearchRequest(text=text, filters=filters, match_any=True, per_page=limit)
    if not request.terms:
        return []
    raw, _ = _run(request, viewer_groups(viewer))
    return visible_hits(raw.hits, viewer)


def matching_ids(
    kind: str, text: str, *, viewer, statuses: tuple[str, ...] = (), limit: int = 500
) -> list[int] | None:
    """The ids of one type's rows whose words match `text`, best first, at most `limit`: for a
    section's own listing that filters by keywords (the job board), so words match there as
    they do on the search page. None when the text holds no word to search for."""
    filters: dict[str, tuple[str, ...]] = {"type": (kind,)}
    if statuses:
        filters["status"] = statuses
    request = SearchRequest(text=" ".join(text.split()), filters=filters, per_page=limit)
    if not request.terms:
        return None
    raw, _degraded = _run(request, viewer_groups(viewer))
    return [hit.object_id for hit in raw.hits]
