"""The search pages: results with facets, suggestions while typing, and similar content."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from community.core.numbers import parse_positive_int

from . import links, registry, services
from .documents import HIGHLIGHT_END, HIGHLIGHT_START
from .query import SORTS
from .results import SearchResults

SUGGEST_MAX_CHARS = 100
PAGE_WINDOW = 2


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    catalog = services.facet_catalog()
    params = links.canonical(request.GET, aliases=catalog.aliases)
    search_request = services.parse_request(params, catalog=catalog)
    results = services.search(search_request, viewer=request.user, catalog=catalog)
    for facet in results.facets:
        for value in facet.values:
            value.url = links.with_facet_toggled(params, facet.name, value.value)
        facet.clear_url = links.without_facet(params, facet.name)
    return render(
        request,
        "search/results.html",
        {
            "query": search_request.text,
            "search": search_request,
            "results": results,
            "notes": search_request.notes,
            "selected": [
                (facet, value)
                for facet in results.facets
                for value in facet.values
                if value.selected
            ],
            "clear_filters_url": links.without_filters(params),
            "sorts": [
                {"value": value, "label": label, "url": links.with_sort(params, value)}
                for value, label in SORTS.items()
            ],
            "pages": _pages(results, params),
            "has_terms": bool(search_request.terms),
        },
    )


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    text = request.GET.get("q", "")[:SUGGEST_MAX_CHARS]
    found = services.suggest(text, viewer=request.user)
    return JsonResponse(
        {
            "titles": [
                {"label": s.label, "url": s.url, "type": _type_label(s.kind), "context": s.detail}
                for s in found["titles"]
            ],
            "tags": [
                {"label": s.label, "url": links.tag_search(s.url), **_count(s.detail)}
                for s in found["tags"]
            ],
        }
    )


def _count(detail: str) -> dict:
    """A tag's post count; "more" when counting stopped there ("1000+")."""
    count = parse_positive_int(detail.rstrip("+"), default=0)
    return {"count": count, "more": detail.endswith("+")}


@require_GET
def similar(request: HttpRequest) -> JsonResponse:
    """Content like the text being typed (e.g. answered questions like a new question's title)."""
    catalog = services.facet_catalog()
    search_request = services.parse_request(request.GET, catalog=catalog)
    hits = services.similar(
        search_request.text, viewer=request.user, filters=search_request.filters
    )
    return JsonResponse(
        {
            "results": [
                {
                    "title": hit.heading,
                    "url": hit.url,
                    "type": hit.kind_label,
                    "excerpt": plain_excerpt(hit.excerpt),
                    "status": hit.status,
                    "context": hit.context,
                }
                for hit in hits
            ]
        }
    )


def _pages(results: SearchResults, params) -> dict:
    window = range(
        max(1, results.page - PAGE_WINDOW), min(results.num_pages, results.page + PAGE_WINDOW) + 1
    )
    return {
        "previous": links.with_page(params, results.page - 1) if results.page > 1 else None,
        "next": links.with_page(params, results.page + 1)
        if results.page < results.num_pages
        else None,
        "numbers": [
            {
                "number": number,
                "url": links.with_page(params, number),
                "current": number == results.page,
            }
            for number in window
        ],
    }


def plain_excerpt(excerpt: str, limit: int = 200) -> str:
    return excerpt.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")[:limit]


def _type_label(kind: str) -> str:
    search_type = registry.get(kind)
    return search_type.label if search_type else kind
