"""Community managers edit the segment taxonomies in the Wagtail admin; editors choose members."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from community.core.admin_views import SortedNamesViewSet

from .choosers import member_chooser_viewset
from .models import Country, Industry, Region


class IndustryViewSet(SortedNamesViewSet):
    model = Industry


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["code", "name", "sort_order"]
    ordering = ["sort_order", "name"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    ordering = ["name"]


class SegmentsViewSetGroup(SnippetViewSetGroup):
    items = (IndustryViewSet, RegionViewSet, CountryViewSet)
    menu_icon = "group"
    menu_label = "Segments"
    menu_name = "segments"


register_snippet(SegmentsViewSetGroup)


@hooks.register("register_admin_viewset")
def register_member_chooser():
    return member_chooser_viewset
