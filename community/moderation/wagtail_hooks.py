"""Community managers' tools in the Wagtail admin, grouped under "Moderation" in the menu:
the review queue (with the number of items waiting), the audit log and the blocked words."""

from functools import partial

import django_filters
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BaseColumn, BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from community.core.admin_views import PermittedMenuItem
from community.members.models import User

from . import admin_views, attention
from .models import BlockedPattern, ModerationAction
from .permissions import is_moderator

# --- The menu -----------------------------------------------------------------------------


class PendingCountMixin:
    """Shows how many items wait for review as a badge on the menu item (see global_css)."""

    def render_component(self, request: HttpRequest):
        component = super().render_component(request)
        count = admin_views.pending_count(request) if is_moderator(request.user) else 0
        if count:
            # Menu items are shared between requests: give the component its own attrs.
            component.attrs = {
                **component.attrs,
                "data-moderation-pending": "99+" if count > 99 else str(count),
                "aria-label": f"{component.label} ({count} waiting for review)",
            }
        return component


class QueueMenuItem(PendingCountMixin, PermittedMenuItem):
    pass


class ModerationMenuItem(PendingCountMixin, SubmenuMenuItem):
    pass


class ReviewQueueViewSet(ViewSet):
    name = "moderation_queue"
    url_prefix = "moderation"
    icon = "clipboard-list"
    menu_label = "Review queue"
    menu_name = "review-queue"
    # Wagtail builds the item from the viewset's menu attributes; only moderators see it.
    menu_item_class = partial(QueueMenuItem, allowed=is_moderator)

    def get_urlpatterns(self) -> list:
        return [
            path("", admin_views.QueueView.as_view(), name="index"),
            path(
                "results/", admin_views.QueueView.as_view(results_only=True), name="index_results"
            ),
            path("review/<slug:kind>/<int:pk>/", admin_views.ReviewView.as_view(), name="review"),
            path(
                "review/<slug:kind>/<int:pk>/<slug:decision>/",
                admin_views.DecisionView.as_view(),
                name="decide",
            ),
            path(
                "review/<slug:kind>/<int:pk>/author/<slug:sanction>/",
                admin_views.SanctionView.as_view(),
                name="sanction",
            ),
        ]


# --- The audit log ------------------------------------------------------------------------


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The audit log is only ever read: nobody may add, change or delete a line, not even a
    superuser, so Wagtail offers none of those buttons or views."""

    def user_has_permission(self, user, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions) -> QuerySet:
        if "view" not in actions:
            return User.objects.none()
        return super().users_with_any_permission(["view"])


register_permission_policy(ModerationAction, ReadOnlyPermissionPolicy(ModerationAction))


def _logged_actions() -> list[tuple[str, str]]:
    # Any app may write its own actions to the log, so offer the ones it holds.
    actions = ModerationAction.objects.order_by("action").values_list("action", flat=True)
    return [(action, admin_views.action_label(action)) for action in actions.distinct()]


def _actors(request: HttpRequest) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=ModerationAction.objects.filter(actor__isnull=False).values("actor")
    ).order_by("display_name", "username")


def _members(request: HttpRequest) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=ModerationAction.objects.filter(member__isnull=False).values("member")
    ).order_by("display_name", "username")


class ModerationLogFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label="Action", choices=_logged_actions, empty_label="All actions"
    )
    actor = django_filters.ModelChoiceFilter(
        label="By",
        queryset=_actors,
        empty_label="Anyone",
        null_label="The community's rules (automatic)",
    )
    member = django_filters.ModelChoiceFilter(
        label="Member", queryset=_members, empty_label="Any member"
    )
    created_at = django_filters.DateFromToRangeFilter(label="When", widget=DateRangePickerWidget)

    class Meta:
        model = ModerationAction
        fields = ["action", "actor", "member", "created_at"]


class TemplateColumn(BaseColumn):
    def __init__(self, name: str, *, template_name: str, **kwargs) -> None:
        super().__init__(name, **kwargs)
        self.cell_template_name = template_name


class LogTargetColumn(TemplateColumn):
    def get_cell_context_data(self, instance: ModerationAction, parent_context) -> dict:
        return {
            **super().get_cell_context_data(instance, parent_context),
            "review_url": admin_views.review_url_for(instance.target_type_id, instance.target_id),
        }


class ModerationLogIndexView(IndexView):
    page_title = "Moderation log"

    def get_base_queryset(self) -> QuerySet[ModerationAction]:
        return super().get_base_queryset().select_related("actor", "member")


class ModerationLogViewSet(ModelViewSet):
    model = ModerationAction
    name = "moderation_log"
    url_prefix = "moderation/log"
    icon = "history"
    menu_label = "Moderation log"
    menu_name = "moderation-log"
    index_view_class = ModerationLogIndexView
    filterset_class = ModerationLogFilterSet
    search_fields = ["target_label", "reason"]
    ordering = ["-created_at", "-id"]
    list_per_page = 50
    copy_view_enabled = False
    list_display = [
        DateColumn("created_at", label="When", sort_key="created_at", width="13%"),
        TemplateColumn(
            "actor", label="By", template_name="moderation/admin/log/actor.html", width="14%"
        ),
        Column(
            "action", label="Action", accessor=lambda line: admin_views.action_label(line.action)
        ),
        LogTargetColumn("target", label="About", template_name="moderation/admin/log/target.html"),
        TemplateColumn("member", label="Member", template_name="moderation/admin/log/member.html"),
        Column("reason", label="Reason"),
    ]

    def get_urlpatterns(self) -> list:
        # Reading only: no add, edit, delete, copy or history views exist for the log.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def get_permissions_to_register(self) -> QuerySet:
        # Only "view" means anything for the log; Wagtail leaves it out without an inspect view.
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(ModerationAction),
            codename="view_moderationaction",
        )


# --- Blocked words ------------------------------------------------------------------------


class RefusedInputStatusMixin:
    """A form sent back with errors answers 422, as everywhere else on the site, not 200."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if not self.expects_json_response:
            response.status_code = 422
        return response


class BlockedWordCreateView(RefusedInputStatusMixin, CreateView):
    pass


class BlockedWordEditView(RefusedInputStatusMixin, EditView):
    pass


class BlockedWordsViewSet(ModelViewSet):
    model = BlockedPattern
    name = "blocked_words"
    url_prefix = "moderation/blocked-words"
    icon = "regex"
    menu_label = "Blocked words"
    menu_name = "blocked-words"
    form_fields = ["pattern", "is_regex", "outcome", "note"]
    list_display = [
        "pattern",
        BooleanColumn("is_regex", label="Regular expression", sort_key="is_regex"),
        "outcome",
        "note",
    ]
    list_filter = ["outcome", "is_regex"]
    search_fields = ["pattern", "note"]
    ordering = ["pattern"]
    copy_view_enabled = False
    add_view_class = BlockedWordCreateView
    edit_view_class = BlockedWordEditView


# --- Registration -------------------------------------------------------------------------


class ModerationViewSetGroup(ViewSetGroup):
    items = (ReviewQueueViewSet, ModerationLogViewSet, BlockedWordsViewSet)
    menu_label = "Moderation"
    menu_name = "moderation"
    menu_icon = "glasses"
    menu_order = 240

    def get_menu_item(self, order: int | None = None) -> ModerationMenuItem:
        submenu = super().get_menu_item(order)
        return ModerationMenuItem(
            label=submenu.label,
            menu=submenu.menu,
            name=submenu.name,
            icon_name=submenu.icon_name,
            order=submenu.order,
        )


@hooks.register("register_admin_viewset")
def register_moderation_viewsets() -> ModerationViewSetGroup:
    return ModerationViewSetGroup()


@hooks.register("insert_global_admin_css")
def moderation_menu_badge_css() -> str:
    return render_to_string("moderation/admin/global_css.html")


# --- The dashboard ------------------------------------------------------------------------


class AttentionPanel(Component):
    """One "Needs your attention" list on the dashboard: reported and held posts, and content
    waiting for this person's approval. It takes the place of Wagtail's own "Awaiting your
    review" panel, so nothing waits in two places."""

    name = "needs_your_attention"
    template_name = "moderation/admin/attention_panel.html"
    order = 50

    def get_context_data(self, parent_context) -> dict:
        request = parent_context["request"]
        moderates = is_moderator(request.user)
        items = attention.needs_attention(request.user, can_moderate=moderates)
        pending = admin_views.pending_count(request) if moderates else 0
        return {
            "items": items,
            "pending": pending,
            "queue_url": reverse("moderation_queue:index") if pending else "",
        }


@hooks.register("construct_homepage_panels")
def needs_your_attention_panel(request: HttpRequest, panels: list) -> None:
    panels[:] = [panel for panel in panels if panel.name != "workflow_objects_to_moderate"]
    panels.append(AttentionPanel())
