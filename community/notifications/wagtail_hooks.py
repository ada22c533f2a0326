"""Announcements in the Wagtail admin: community managers write a draft for a segment of members,
review it with the number of members it reaches, and send it."""

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from community.members.models import User
from community.members.roles import Role

from . import admin_views
from .admin_forms import AnnouncementForm
from .models import Announcement

ACTIONS = frozenset({"add", "change", "delete", "view"})


class CommunityManagersPolicy(BasePermissionPolicy):
    """Announcements belong to the community managers' role, not to Django permissions that
    could be handed out one by one; only drafts can change or be deleted."""

    def user_has_permission(self, user, action: str) -> bool:
        return action in ACTIONS and admin_views.can_manage_announcements(user)

    def user_has_any_permission(self, user, actions) -> bool:
        return bool(ACTIONS.intersection(actions)) and admin_views.can_manage_announcements(user)

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        if action in ("change", "delete") and not instance.is_editable:
            return False
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions) -> QuerySet[User]:
        if not ACTIONS.intersection(actions):
            return User.objects.none()
        return User.objects.filter(
            Q(is_superuser=True) | Q(groups__name=Role.COMMUNITY_MANAGER.value), is_active=True
        ).distinct()


register_permission_policy(Announcement, CommunityManagersPolicy(Announcement))


class CommunityManagersViewSet(ModelViewSet):
    """An admin menu entry whose models follow a CommunityManagersPolicy: no copying, and no
    Django permissions to hand out group by group, since the role decides."""

    add_to_admin_menu = True
    copy_view_enabled = False
    add_to_reference_index = False

    def get_permissions_to_register(self) -> QuerySet[Permission]:
        return Permission.objects.none()


SEGMENT_FIELDS = ("industries", "regions", "audiences", "roles")


def segment_panel(*, heading: str, never: str) -> MultiFieldPanel:
    """The segment's criteria with a live count of the members they reach; `never` says what
    banned and deactivated members are spared."""
    return MultiFieldPanel(
        [FieldPanel(name) for name in SEGMENT_FIELDS]
        + [HelpPanel(template="notifications/admin/segment_count.html")],
        heading=heading,
        help_text="Within a criterion any ticked value matches; a member must match "
        f"every criterion. Banned and deactivated members {never}.",
    )


class AnnouncementViewSet(CommunityManagersViewSet):
    model = Announcement
    name = "announcements"
    url_prefix = "announcements"
    icon = "mail"
    menu_label = "Announcements"
    menu_name = "announcements"
    menu_order = 250
    index_view_class = admin_views.AnnouncementIndexView
    add_view_class = admin_views.AnnouncementCreateView
    edit_view_class = admin_views.AnnouncementEditView
    delete_view_class = admin_views.AnnouncementDeleteView
    ordering = ["-created_at", "-id"]
    list_per_page = 25
    list_filter = ["status"]
    search_fields = ["title", "body_source"]
    list_display = [
        "title",
        Column("segment", label="Segment", accessor=admin_views.segment_summary),
        StatusTagColumn(
            "get_status_display",
            label="Status",
            sort_key="status",
            primary=lambda announcement: announcement.status == Announcement.Status.SENT,
        ),
        Column("recipients", label="Recipients", accessor=admin_views.recipients_label),
        DateColumn("sent_at", label="Sent", sort_key="sent_at"),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("title"), FieldPanel("body_source"), FieldPanel("link_url")],
                heading="Message",
            ),
            segment_panel(heading="Who receives it", never="never receive announcements"),
        ],
        base_form_class=AnnouncementForm,
    )

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("review/<int:pk>/", admin_views.AnnouncementReviewView.as_view(), name="review"),
            path("send/<int:pk>/", admin_views.AnnouncementSendView.as_view(), name="send"),
            path("count/", admin_views.SegmentCountView.as_view(), name="count"),
        ]


@hooks.register("register_admin_viewset")
def register_announcement_viewset() -> AnnouncementViewSet:
    return AnnouncementViewSet()


@hooks.register("register_log_actions")
def register_announcement_log_actions(actions) -> None:
    # Shown in an announcement's history, after "Created" and "Edited".
    actions.register_action(admin_views.SENT_LOG_ACTION, "Send", "Sent to its segment")
