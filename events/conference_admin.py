"""Conference sessions in the Wagtail admin: a list per conference, filtered by track and day,
for community managers (who add, edit and delete them through the snippet permissions)."""

from wagtail.snippets.views.snippets import SnippetViewSet

from .conference import ConferenceSession


class ConferenceSessionViewSet(SnippetViewSet):
    model = ConferenceSession
    icon = "date"
    menu_label = "Conference sessions"
    menu_name = "conference-sessions"
    menu_order = 920
    add_to_admin_menu = True
    list_display = ["title", "conference", "track", "room", "starts_at", "capacity", "seats_taken"]
    list_filter = ["conference", "track"]
    search_fields = ["title", "abstract", "room"]
    ordering = ["starts_at"]
