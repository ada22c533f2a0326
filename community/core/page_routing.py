"""Which page a request's path leads to, remembered in the cache between requests.

For every page request Wagtail finds the site for the host (a query), walks the tree from the
site's root one level per query (loading each page again as its own class), then reads the view
restrictions of the page and its ancestors (two more queries): 7 of the 12 queries of a forum
category's page, and a good part of its Python.

`serve` remembers the answer in the cache (Redis in production, shared by every process): the
site, the page's class and id, its url_path and whether a view restriction applies to it. The
next request for that host and path loads only that page, checks that it is still at that path,
asks the page itself to route the empty rest of the path (so it must be live, and a routable
page picks its index route), and hands the result to Wagtail's own serve view. Wagtail then
serves it as ever: request method, view restrictions, hooks, the page's serve().

Exact for every process at once: each entry carries the route version it was made under, a
random token kept in the cache, and any change that could move an answer replaces the token
(a page saved, published, unpublished, moved or deleted, a view restriction saved or deleted, a
site saved or deleted), at once and again when its transaction commits, so that no request can
remember the state from before the commit under the new token. A lost token (Redis evicted or
emptied) only means new entries. Pages with a view restriction are routed from the cache too,
but their restrictions are read and checked on every request, as Wagtail does.

Ancestors' route() methods are not called on a hit: the answer is remembered as the tree gave
it. That suits the ones this site has (a section that routes to its own children, a course that
hides the lessons of an unpublished course, routable pages' fixed sub-routes), which read the
tree and the path only; a route() that reads the request (the member, a header) would not be.
"""

import hashlib
import uuid
from typing import NamedTuple

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.urls import URLPattern, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import post_page_move

#: The cache key of the current route version; entries made under another are ignored.
VERSION_KEY = "page-route:version"
#: Part of every entry's key: change it with Entry's fields, so no process reads the old shape.
ENTRY_FORMAT = 1
#: How long an entry is kept: a day, then the page is routed through the tree again.
ENTRY_SECONDS = 24 * 60 * 60


class Entry(NamedTuple):
    """What the cache keeps about a path: plain values only, no model instances."""

    version: str
    site: tuple  # the Site's column values, in SITE_FIELDS order
    model: str  # the page's class, as "app_label.ModelName"
    page_id: int
    url_path: str
    restricted: bool  # a view restriction applies to the page or an ancestor


SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page serving, with the page found through the cache when it can be."""
    if not hasattr(request, "_wagtail_route_for_request"):  # a read retried after a lost connection
        _route(request, path)
    return wagtail_views.serve(request, path)


def wagtail_urlpatterns() -> list[URLPattern]:
    """Wagtail's front-end URLs, with its page-serving pattern leading to `serve`."""
    return [
        re_path(pattern.pattern.regex.pattern, serve, name=pattern.name)
        if pattern.callback is wagtail_views.serve
        else pattern
        for pattern in wagtail_urls.urlpatterns
    ]


def _route(request: HttpRequest, path: str) -> None:
    """Set Wagtail's route for the request (`_wagtail_route_for_request`) and site."""
    hostname = split_domain_port(request._get_raw_host())[0]
    key = _entry_key(hostname, request.get_port(), path)
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    entry = found.get(key)
    if entry is not None and entry.version == version and _route_from(entry, request):
        return
    _route_through_tree(request, path, key, version)


def _entry_key(hostname: str, port: int | str, path: str) -> str:
    # Hashed: a path may be long, and the cache wants short keys of plain characters.
    digest = hashlib.sha256(f"{hostname}:{port}/{path}".encode()).hexdigest()[:32]
    return f"page-route:{ENTRY_FORMAT}:{digest}"


def _route_from(entry: Entry, request: HttpRequest) -> bool:
    """Route the request to the remembered page if it is still there; False if not."""
    try:
        model = apps.get_model(entry.model)
        page = model._default_manager.get(id=entry.page_id)
    except (LookupError, Page.DoesNotExist):
        return False
    if page.url_path != entry.url_path:
        return False  # moved or renamed since: the tree decides again
    try:
        result = page.route(request, [])
    except Http404:
        return False  # unpublished (or expired) since: the tree answers 404
    if not entry.restricted:
        _known_view_restrictions(page, [])
    request._wagtail_site = Site.from_db("default", SITE_FIELDS, entry.site)
    request._wagtail_route_for_request = result
    return True


def _route_through_tree(request: HttpRequest, path: str, key: str, version: str | None) -> None:
    """Wagtail's own routing, remembered when the path leads to a page itself."""
    result = Page.route_for_request(request, path)
    if result is None:
        return
    page = result.page
    site = request._wagtail_site
    components = [component for component in path.split("/") if component]
    url_path = site.root_page.url_path + "".join(f"{component}/" for component in components)
    if page.url_path != url_path:
        return  # a routable page's sub-route: the page answers for paths below its own
    restrictions = list(page.get_view_restrictions())
    # Wagtail's serve hook reads them again otherwise: once per request is enough.
    _known_view_restrictions(page, restrictions)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            return  # another process set one first (or the cache is down): remember next time
    entry = Entry(
        version=version,
        site=tuple(getattr(site, name) for name in SITE_FIELDS),
        model=page._meta.label,
        page_id=page.pk,
        url_path=url_path,
        restricted=bool(restrictions),
    )
    cache.set(key, entry, ENTRY_SECONDS)


def _known_view_restrictions(page: Page, restrictions: list[PageViewRestriction]) -> None:
    """Have the page answer `get_view_restrictions()` (read by Wagtail's serve hook) from
    `restrictions` instead of two queries."""
    page.get_view_restrictions = lambda: restrictions


# --- Invalidation ---------------------------------------------------------------------------


def forget_routes() -> None:
    """Start a new route version: every remembered route is routed through the tree again.

    Now, so that this process (and a test in its transaction) sees the change at once; and
    once the transaction commits, so that no other process remembers what it read before the
    commit under the version started now.
    """
    _new_version()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_version)


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _on_change(sender, **kwargs) -> None:
    forget_routes()


def connect_signals() -> None:
    """Forget routes whenever pages, view restrictions or sites change (called at startup)."""
    # Saving a page sends post_save for its own class only, so every page class is connected;
    # deleting one deletes its base Page row too, and treebeard's moves update rows in bulk,
    # announced by post_page_move.
    for model in get_page_models():
        post_save.connect(_on_change, sender=model, dispatch_uid=f"page-route-{model._meta.label}")
    post_delete.connect(_on_change, sender=Page, dispatch_uid="page-route-delete")
    post_page_move.connect(_on_change, dispatch_uid="page-route-move")
    for model in (PageViewRestriction, Site):
        for signal in (post_save, post_delete):
            signal.connect(_on_change, sender=model, dispatch_uid=f"page-route-{model._meta.label}")
