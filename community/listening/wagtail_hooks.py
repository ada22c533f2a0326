"""Pulse surveys and their follow-ups in the Wagtail admin, for community managers."""

from django.urls import path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import EditView
from wagtail.permissions import register_permission_policy

from community.notifications.admin_views import segment_summary
from community.notifications.wagtail_hooks import (
    CommunityManagersPolicy,
    CommunityManagersViewSet,
    segment_panel,
)

from . import admin_views, services
from .admin_forms import FollowUpForm, SurveyForm
from .models import FollowUp, Survey


class SurveysPolicy(CommunityManagersPolicy):
    """Like announcements: the community managers' role decides; only drafts change."""


class FollowUpsPolicy(CommunityManagersPolicy):
    """Follow-ups start from an answer on the results page, never from a blank form."""

    def user_has_permission(self, user, action: str) -> bool:
        return action in ("change", "view") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        return self.user_has_permission(user, action)


register_permission_policy(Survey, SurveysPolicy(Survey))
register_permission_policy(FollowUp, FollowUpsPolicy(FollowUp))


class SurveyViewSet(CommunityManagersViewSet):
    model = Survey
    name = "pulse_surveys"
    url_prefix = "pulse-surveys"
    icon = "help"
    menu_label = "Pulse surveys"
    menu_name = "pulse_surveys"
    menu_order = 260
    index_view_class = admin_views.SurveyIndexView
    add_view_class = admin_views.SurveyCreateView
    edit_view_class = admin_views.SurveyEditView
    delete_view_class = admin_views.SurveyDeleteView
    ordering = ["-opens_at", "-id"]
    list_per_page = 25
    list_filter = ["status"]
    search_fields = ["title", "product_name"]
    list_display = [
        "title",
        Column("segment", label="Segment", accessor=segment_summary),
        Column("window", label="Open", accessor=admin_views.window_label),
        Column("status", label="Status", accessor=admin_views.status_label),
        Column("answers", label="Answers", accessor=admin_views.answers_label),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("title"),
                    FieldPanel("product_name"),
                    FieldPanel("ask_reason"),
                    FieldPanel("reason_question"),
                ],
                heading="Questions",
                help_text="Members answer from 0 to 10, then, if you ask, say why in a few words.",
            ),
            MultiFieldPanel(
                [FieldPanel("opens_at"), FieldPanel("closes_at")],
                heading="When it is open",
                help_text="Members see the question on the site while it is open, once each.",
            ),
            segment_panel(heading="Who is asked", never="are never asked"),
        ],
        base_form_class=SurveyForm,
    )

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path("launch/<int:pk>/", admin_views.SurveyLaunchView.as_view(), name="launch"),
            path("results/<int:pk>/", admin_views.SurveyResultsView.as_view(), name="results"),
            path("close/<int:pk>/", admin_views.SurveyCloseView.as_view(), name="close"),
            path(
                "results/<int:pk>/answers.csv",
                admin_views.AnswersCsvView.as_view(),
                name="answers_csv",
            ),
            path(
                "results/<int:pk>/segments.csv",
                admin_views.SegmentsCsvView.as_view(),
                name="segments_csv",
            ),
            path(
                "answers/<int:pk>/follow-up/",
                admin_views.StartFollowUpView.as_view(),
                name="follow_up",
            ),
        ]


class FollowUpEditView(EditView):
    """Saves through services.update_follow_up, the one place its rules live."""

    def save_instance(self) -> FollowUp:
        data = self.form.cleaned_data
        follow_up = services.update_follow_up(
            follow_up=self.object,
            manager=self.request.user,
            status=data["status"],
            assignee=data["assignee"],
            note=data["note"],
        )
        self.has_content_changes = True
        return follow_up


def _answer(follow_up: FollowUp) -> str:
    answer = follow_up.response
    reason = answer.reason if len(answer.reason) <= 90 else f"{answer.reason[:89]}…"
    return f"{answer.score}/10 · {reason or 'No reason given'}"


class FollowUpViewSet(CommunityManagersViewSet):
    model = FollowUp
    name = "listening_follow_ups"
    url_prefix = "survey-follow-ups"
    icon = "tasks"
    menu_label = "Survey follow-ups"
    menu_name = "survey_follow_ups"
    menu_order = 261
    edit_view_class = FollowUpEditView
    ordering = ["status", "-updated_at"]
    list_per_page = 50
    list_filter = ["status", "assignee"]
    search_fields = ["note", "response__reason"]
    form_fields = ["assignee", "status", "note"]
    list_display = [
        Column("answer", label="Answer", accessor=_answer),
        Column("member", label="Member", accessor=lambda f: f.response.member.display_name),
        Column("survey", label="Survey", accessor=lambda f: f.response.survey.title),
        "assignee",
        "status",
        DateColumn("updated_at", label="Updated", sort_key="updated_at"),
    ]
    edit_handler = ObjectList(
        [
            HelpPanel(template="listening/admin/follow_up_answer.html", heading="The answer"),
            FieldPanel("assignee"),
            FieldPanel("status"),
            FieldPanel("note"),
        ],
        base_form_class=FollowUpForm,
    )

    def get_queryset(self, request):
        return FollowUp.objects.select_related("assignee", "response__member", "response__survey")


@hooks.register("register_admin_viewset")
def register_survey_viewset() -> SurveyViewSet:
    return SurveyViewSet()


@hooks.register("register_admin_viewset")
def register_follow_up_viewset() -> FollowUpViewSet:
    return FollowUpViewSet()


@hooks.register("register_log_actions")
def register_survey_log_actions(actions) -> None:
    actions.register_action(admin_views.LAUNCH_LOG_ACTION, "Launch", "Launched to its segment")
