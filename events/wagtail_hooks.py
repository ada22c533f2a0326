"""Events in the Wagtail admin: chapter pages kept to community managers, and naming leaders.

Leaders hold add, edit and publish on their chapter's page tree (see services/chapters.py), which
Wagtail extends to the chapter page itself; these hooks keep that page, and moving, copying or
deleting it, to community managers.
"""

from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from community.core.admin_views import register_permitted_screen

from . import admin_views, permissions
from .conference_admin import ConferenceSessionViewSet
from .pages import ChapterPage

CHAPTER_REFUSAL = "Only community managers change a chapter page; leaders edit its events."


def _refuse_chapter_page(request, page, *destination) -> None:
    # Moving also passes where to (before_move_page); the others pass the page alone.
    if isinstance(page.specific_deferred, ChapterPage) and not permissions.can_manage_chapters(
        request.user
    ):
        raise PermissionDenied(CHAPTER_REFUSAL)


for hook_name in (
    "before_edit_page",
    "before_delete_page",
    "before_unpublish_page",
    "before_move_page",
    "before_copy_page",
):
    hooks.register(hook_name, _refuse_chapter_page)


@hooks.register("before_bulk_action")
def _refuse_bulk_actions_on_chapters(request, action_type, objects, action_class_instance):
    if any(
        isinstance(obj.specific_deferred, ChapterPage)
        for obj in objects
        if hasattr(obj, "specific_deferred")
    ) and not permissions.can_manage_chapters(request.user):
        raise PermissionDenied(CHAPTER_REFUSAL)


register_permitted_screen(
    "register_admin_menu_item",
    path("events/make-leader/", admin_views.MakeLeaderView.as_view(), name="events_make_leader"),
    "Chapter leaders",
    allowed=permissions.can_manage_chapters,
    icon_name="group",
    name="chapter-leaders",
    order=910,
)


@hooks.register("register_admin_urls")
def register_member_search_url():
    # Where the member chooser of a chapter page's leaders field looks members up.
    return [
        path("events/members/search/", admin_views.member_search, name="events_member_search"),
    ]


register_snippet(ConferenceSessionViewSet)
