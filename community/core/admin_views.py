"""What the apps' own Wagtail admin screens share."""

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import SnippetViewSet


class TitledAdminView(WagtailAdminTemplateMixin):
    """An admin screen of the community's own, named in the header. Wagtail's header shows the
    breadcrumbs, which end at "Home" for a view that names no crumb of its own."""

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]


class SortedNamesViewSet(SnippetViewSet):
    """A snippet that is a name, a slug and a place in the order managers choose (industries,
    products): listed in that order and searched by name."""

    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class PermittedMenuItem(MenuItem):
    """An admin menu item shown only to the members `allowed(user)` lets in."""

    def __init__(self, label: str, url: str, *, allowed: Callable[[Any], bool], **kwargs):
        super().__init__(label, url, **kwargs)
        self.allowed = allowed

    def is_shown(self, request) -> bool:
        return self.allowed(request.user)


def register_permitted_screen(
    menu_hook: str, route: URLPattern, label: str, *, allowed: Callable[[Any], bool], **item: Any
) -> None:
    """Add an admin screen at `route` with a menu item to it, under `menu_hook`
    ("register_admin_menu_item", "register_reports_menu_item"...), that only the members
    `allowed(user)` lets in see. `item` goes to the menu item (icon_name, name, order)."""
    hooks.register("register_admin_urls", lambda: [route])
    hooks.register(
        menu_hook,
        lambda: PermittedMenuItem(label, reverse(route.name), allowed=allowed, **item),
    )
