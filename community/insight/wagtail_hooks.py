"""The community insight in the Wagtail admin: its pages and its menu item (community managers)."""

from django.urls import path, reverse
from wagtail import hooks

from community.core.admin_views import PermittedMenuItem

from . import views
from .permissions import can_view_insight


@hooks.register("register_admin_urls")
def register_insight_urls():
    return [
        path("insight/", views.DashboardView.as_view(), name="insight_dashboard"),
        path("insight/list/", views.DrillDownView.as_view(), name="insight_drilldown"),
        path("insight/csv/", views.csv_view, name="insight_csv"),
    ]


@hooks.register("register_admin_menu_item")
def register_insight_menu_item():
    return PermittedMenuItem(
        "Community insight",
        reverse("insight_dashboard"),
        allowed=can_view_insight,
        icon_name="view",
        name="community-insight",
        order=150,
    )
