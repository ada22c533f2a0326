"""Forum topics in the Wagtail admin: community managers find topics and pin or lock them."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Topic


class TopicViewSet(ModelViewSet):
    model = Topic
    icon = "comment"
    menu_label = "Forum topics"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "category", "author", "kind", "reply_count", "is_pinned", "is_locked"]
    list_filter = ["kind", "is_pinned", "is_locked", "category"]
    search_fields = ["title"]
    ordering = ["-last_activity_at"]
    # Text is edited on the site, where edits keep their history; here only the flags.
    form_fields = ["is_pinned", "is_locked"]


@hooks.register("register_admin_viewset")
def register_topic_viewset():
    return TopicViewSet("forum_topics")
