"""Forum topics in the Wagtail admin: community managers find topics and pin or lock them.

Changes made here go through the same services as the site's Manage page, so each one is
checked and recorded in the moderation log. Moving and merging need more than a checkbox and
live on the site's Manage page, which every topic links to from its row.
"""

from django import forms
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from . import services
from .models import Topic
from .services import TopicActionRefused


class TopicFlagsForm(forms.ModelForm):
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the moderation log with each change.",
    )

    class Meta:
        model = Topic
        # Text is edited on the site, where edits keep their history; here only the flags.
        fields = ["is_pinned", "pinned_globally", "is_locked"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pinned_globally"):
            # Pinned on the front page means pinned in its category as well.
            cleaned["is_pinned"] = True
        return cleaned


class TopicEditView(EditView):
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except TopicActionRefused as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)

    def save_instance(self) -> Topic:
        data, moderator = self.form.cleaned_data, self.request.user
        # The form already wrote the new flags onto its instance; compare with the stored row.
        stored = Topic.objects.get(pk=self.form.instance.pk)
        changes = {"topic": stored, "moderator": moderator, "reason": data["reason"]}
        if data["is_locked"] != stored.is_locked:
            if data["is_locked"]:
                services.lock_topic(**changes)
            else:
                services.unlock_topic(**changes)
        wanted = "global" if data["pinned_globally"] else "category" if data["is_pinned"] else ""
        current = "global" if stored.pinned_globally else "category" if stored.is_pinned else ""
        if wanted != current:
            if wanted:
                services.pin_topic(**changes, scope=wanted)
            else:
                services.unpin_topic(**changes)
        stored.refresh_from_db()
        return stored


class TopicIndexView(IndexView):
    def get_list_more_buttons(self, instance: Topic):
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(
                "Move or merge on the site",
                url=reverse("forums:manage_topic", args=[instance.pk]),
                icon_name="arrow-right",
                priority=15,
            ),
        ]


class TopicViewSet(ModelViewSet):
    model = Topic
    icon = "comment"
    menu_label = "Forum topics"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = TopicIndexView
    edit_view_class = TopicEditView
    list_display = [
        "title",
        "category",
        "author",
        "kind",
        "visibility",
        "reply_count",
        BooleanColumn("is_pinned", label="Pinned"),
        BooleanColumn("pinned_globally", label="On /forums/"),
        BooleanColumn("is_locked", label="Locked"),
    ]
    list_filter = ["kind", "visibility", "is_pinned", "pinned_globally", "is_locked", "category"]
    search_fields = ["title"]
    ordering = ["-last_activity_at"]

    def get_form_class(self, for_update: bool = False):
        return TopicFlagsForm


@hooks.register("register_admin_viewset")
def register_topic_viewset():
    return TopicViewSet("forum_topics")
