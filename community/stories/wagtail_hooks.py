"""Stories in the Wagtail admin: products and member highlights (snippets), and onboarding
a partner."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from community.core.admin_views import PermittedMenuItem, SortedNamesViewSet

from . import admin_views, permissions, readership
from .models import MemberHighlight, Product
from .pages import StoryPage


class ProductViewSet(SortedNamesViewSet):
    model = Product


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
    return PermittedMenuItem(
        "Onboard a partner",
        reverse("stories_onboard_partner"),
        allowed=permissions.can_onboard_partners,
        icon_name="group",
        name="onboard-partner",
        order=900,
    )


# Innermost in the serving chain (the highest order), so Wagtail's view restrictions and
# passwords have let the reader in; and counted only once the story answered.
@hooks.register("on_serve_page", order=100)
def count_story_views(serve):
    def serve_and_count(page, request, args, kwargs):
        response = serve(page, request, args, kwargs)
        # Only the story itself: its other routes (recommending it) are not reads.
        match = getattr(request, "routable_resolver_match", None)
        if (
            isinstance(page, StoryPage)
            and match is not None
            and match.url_name == "index_route"
            and response.status_code == 200
        ):
            readership.count_view(request, page)
        return response

    return serve_and_count
