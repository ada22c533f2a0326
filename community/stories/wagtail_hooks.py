"""Stories in the Wagtail admin: products and member highlights (snippets), and onboarding
a partner."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views, permissions, readership
from .models import MemberHighlight, Product
from .pages import StoryPage


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class MemberHighlightViewSet(SnippetViewSet):
    model = MemberHighlight
    icon = "pick"
    menu_label = "Member highlights"
    list_display = ["headline", "member", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["headline", "text"]
    ordering = ["-starts_on", "-created_at"]


class StoriesViewSetGroup(SnippetViewSetGroup):
    items = (MemberHighlightViewSet, ProductViewSet)
    menu_icon = "openquote"
    menu_label = "Advocacy"
    menu_name = "advocacy"


register_snippet(StoriesViewSetGroup)


class OnboardMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return permissions.can_onboard_partners(request.user)


@hooks.register("register_admin_urls")
def register_onboarding_url():
    return [
        path(
            "stories/onboard-partner/",
            admin_views.OnboardPartnerView.as_view(),
            name="stories_onboard_partner",
        ),
        path("stories/your-section/", admin_views.partner_section, name="stories_partner_section"),
        path(
            "stories/write/",
            admin_views.partner_section,
            {"write": True},
            name="stories_write_story",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_onboarding_menu_item():
    return OnboardMenuItem(
        "Onboard a partner",
        reverse("stories_onboard_partner"),
        icon_name="group",
        name="onboard-partner",
        order=900,
    )


# After Wagtail's own checks (view restrictions, passwords), so a refused reader is not counted.
@hooks.register("before_serve_page", order=100)
def count_story_view(page, request, serve_args, serve_kwargs):
    # Only the story itself: its other routes (recommending it) are not reads.
    match = getattr(request, "routable_resolver_match", None)
    if isinstance(page, StoryPage) and match is not None and match.url_name == "index_route":
        readership.count_view(request, page)
