"""Addresses of the results page with one thing changed: a facet value on or off, another page,
another sort. Every link starts from the current query string, so nothing the member chose is
lost, and every change of results goes back to page 1."""

from django.http import QueryDict

from .query import FACETS


def canonical(params: QueryDict, *, aliases: dict[str, str]) -> QueryDict:
    """The query string with every older facet name (see `FacetCatalog.aliases`) replaced by
    the facet's own, so the links built from it turn that facet's values off and on."""
    query = params.copy()
    for alias, facet in aliases.items():
        values = query.pop(alias, [])
        if values:
            query.setlist(facet, query.getlist(facet) + values)
    return query


def with_facet_toggled(params: QueryDict, facet: str, value: str) -> str:
    query = _without_page(params)
    values = query.getlist(facet)
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    query.setlist(facet, values)
    return "?" + query.urlencode()


def without_facet(params: QueryDict, facet: str) -> str:
    query = _without_page(params)
    query.pop(facet, None)
    return "?" + query.urlencode()


def without_filters(params: QueryDict) -> str:
    query = _without_page(params)
    for facet in FACETS:
        query.pop(facet, None)
    return "?" + query.urlencode()


def with_page(params: QueryDict, page: int) -> str:
    query = _without_page(params)
    if page > 1:
        query["page"] = str(page)
    return "?" + query.urlencode()


def with_sort(params: QueryDict, sort: str) -> str:
    query = _without_page(params)
    query["sort"] = sort
    return "?" + query.urlencode()


def tag_search(slug: str) -> str:
    query = QueryDict(mutable=True)
    query["tag"] = slug
    return "/search/?" + query.urlencode()


def _without_page(params: QueryDict) -> QueryDict:
    query = params.copy()
    query.pop("page", None)
    return query
