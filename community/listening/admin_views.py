"""Pulse surveys in the Wagtail admin: the list, the draft form, the launch page, the results
(NPS, distribution, segments, successive surveys, reasons), their CSV files and follow-ups.
Every write goes through community.listening.services."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import CreateView, DeleteView, EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from community.core.csv_files import csv_download, safe_cell
from community.core.errors import REFUSALS, Rejected, reason_for
from community.core.numbers import parse_page_number
from community.notifications.admin_views import (
    AnnouncementIndexView,
    plural,
    segment_lines,
    segment_summary,
)
from community.notifications.admin_views import DraftsOnlyMixin as AnnouncementDraftsOnlyMixin
from community.notifications.admin_views import ManagersOnlyMixin as AnnouncementManagersOnlyMixin
from community.notifications.admin_views import SaveThroughServiceMixin as AnnouncementSaveMixin

from . import permissions, selectors, services
from .admin_forms import ReasonFilterForm
from .models import Category, FollowUp, Response, Survey, category_of
from .stats import RANKED_FROM, Nps

LAUNCH_LOG_ACTION = "listening.survey.launch"
REASONS_PER_PAGE = 50


def launch_url(survey: Survey) -> str:
    return reverse("pulse_surveys:launch", args=[survey.pk])


def results_url(survey: Survey) -> str:
    return reverse("pulse_surveys:results", args=[survey.pk])


def nps_label(nps: Nps) -> str:
    """“+23 ± 12” (the 95% margin); with too few answers for a margin, how many; “—” with none."""
    if nps.score is None:
        return "—"
    if nps.too_few_to_rank:
        return f"{nps.score:+.0f} · {plural(nps.answers, 'answer')}"
    return f"{nps.score:+.0f} ± {nps.margin:.0f}"


def window_label(survey: Survey) -> str:
    return f"{survey.opens_at:%d %b %Y} – {survey.closes_at:%d %b %Y}"


def status_label(survey: Survey) -> str:
    if survey.is_editable:
        return "Draft"
    now = timezone.now()
    if now < survey.opens_at:
        return "Scheduled"
    return "Open" if now < survey.closes_at else "Closed"


def answers_label(survey: Survey) -> str:
    if survey.is_editable:
        return "—"
    rate = 100 * survey.answer_count / survey.invited_count if survey.invited_count else None
    share = f" ({rate:.0f}%)" if rate is not None else ""
    return f"{survey.answer_count:,} of {survey.invited_count:,}{share}"


class ManagersOnlyMixin(AnnouncementManagersOnlyMixin):
    def may_manage(self, user) -> bool:
        return permissions.can_manage_surveys(user)


# --- The list and the draft ---------------------------------------------------------------


class SurveyIndexView(AnnouncementIndexView):
    """The announcements' list, as surveys read: drafts are edited, launched ones show results."""

    page_title = "Pulse surveys"

    def get_inspect_url(self, instance: Survey) -> str:
        return launch_url(instance) if instance.is_editable else results_url(instance)

    def get_list_more_buttons(self, instance: Survey) -> list:
        if not instance.is_editable:
            return [MenuItem("Results", url=results_url(instance), icon_name="view", priority=10)]
        buttons = super().get_list_more_buttons(instance)
        return [
            MenuItem("Review and launch", url=launch_url(instance), icon_name="mail", priority=20)
            if button.label == "Review and send"
            else button
            for button in buttons
        ]

    @cached_property
    def no_results_message(self) -> str:
        if self.is_filtering or self.is_searching:
            return "No survey matches."
        return "No pulse survey yet. Ask a segment how likely they are to recommend you."


class SaveThroughServiceMixin(AnnouncementSaveMixin):
    """The announcements' form handling (422 on refused input), saving through save_survey."""

    def save_draft(self, draft: Survey, **fields) -> Survey:
        return services.save_survey(survey=draft, **fields)

    def form_valid(self, form) -> HttpResponse:
        try:
            return super().form_valid(form)
        except Rejected as error:
            return self.form_refused(form, reason_for(error), status=error.status)

    def get_success_url(self) -> str:
        return launch_url(self.object)


class SurveyCreateView(ManagersOnlyMixin, SaveThroughServiceMixin, CreateView):
    log_action = "wagtail.create"
    success_message = "Draft “%(object)s” saved. Check whom it reaches, then launch it."


class DraftsOnlyMixin(AnnouncementDraftsOnlyMixin):
    refusal = "This survey was launched; its questions and segment can't change any more."

    def may_manage(self, user) -> bool:
        return permissions.can_manage_surveys(user)

    def read_only_url(self, draft: Survey) -> str:
        return results_url(draft)


class SurveyEditView(DraftsOnlyMixin, SaveThroughServiceMixin, EditView):
    log_action = "wagtail.edit"
    success_message = "Draft “%(object)s” saved. Check whom it reaches, then launch it."


class SurveyDeleteView(DraftsOnlyMixin, DeleteView):
    refusal = "This survey was launched; its answers stay on record."


# --- Launch -------------------------------------------------------------------------------


class SurveyPageMixin(ManagersOnlyMixin, WagtailAdminTemplateMixin):
    header_icon = "help"
    index_url_name = "pulse_surveys:index"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.survey = (
            Survey.objects.select_related("created_by", "launched_by")
            .prefetch_related("industries", "regions", "roles")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if self.survey is None:
            raise Http404("No such survey.")
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.survey.title

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Pulse surveys"},
            {"url": "", "label": self.survey.title},
        ]


class SurveyLaunchView(SurveyPageMixin, TemplateView):
    """A draft as members will see it, whom it reaches and the Launch button."""

    template_name = "listening/admin/launch.html"

    def get_page_title(self) -> str:
        return "Review and launch"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not self.survey.is_editable:
            return redirect(results_url(self.survey))
        return super().get(request, *args, **kwargs)

    def get_header_buttons(self) -> list:
        url = reverse("pulse_surveys:edit", args=[self.survey.pk])
        return [HeaderButton("Edit", url=url, icon_name="edit")]

    def get_context_data(self, **kwargs) -> dict:
        count = services.survey_members(self.survey).count()
        return super().get_context_data(
            survey=self.survey,
            segment=segment_lines(self.survey),
            match_count=count,
            members=plural(count, "member"),
            status=status_label(self.survey),
            edit_url=reverse("pulse_surveys:edit", args=[self.survey.pk]),
            scores=range(11),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            launched = services.launch_survey(survey=self.survey, sender=request.user)
        except REFUSALS as error:
            messages.error(request, f"Nothing was sent. {reason_for(error)}")
            return redirect(launch_url(self.survey))
        log(instance=launched, action=LAUNCH_LOG_ACTION, user=request.user)
        messages.success(
            request,
            f"“{launched.title}” goes to {plural(launched.invited_count, 'member')}: "
            "each gets a notification and sees the question on the site while it is open.",
            buttons=[messages.button(results_url(launched), "Results")],
        )
        return redirect(results_url(launched))


class SurveyCloseView(ManagersOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = get_object_or_404(Survey, pk=pk)
        try:
            services.close_survey(survey=survey, manager=request.user)
        except REFUSALS as error:
            messages.error(request, reason_for(error))
        else:
            messages.success(request, f"“{survey.title}” is closed; its answers stay.")
        return redirect(results_url(survey))


# --- Results ------------------------------------------------------------------------------


class SurveyResultsView(SurveyPageMixin, TemplateView):
    template_name = "listening/admin/results.html"

    def get_page_title(self) -> str:
        return "Results"

    def get_header_buttons(self) -> list:
        return [
            HeaderButton(
                "Answers (CSV)",
                url=reverse("pulse_surveys:answers_csv", args=[self.survey.pk]),
                icon_name="download",
            ),
            HeaderButton(
                "Segments (CSV)",
                url=reverse("pulse_surveys:segments_csv", args=[self.survey.pk]),
                icon_name="download",
            ),
        ]

    def get_context_data(self, **kwargs) -> dict:
        survey = self.survey
        results = selectors.survey_results(survey)
        names = results.names
        filter_form = ReasonFilterForm(
            self.request.GET, industries=names["industry_id"], regions=names["region_id"]
        )
        filters = filter_form.filters()
        answers = selectors.reasons(self.request.user, survey, filters)
        page_number = parse_page_number(self.request.GET.get("page")) or 1
        page = Paginator(answers, REASONS_PER_PAGE).get_page(page_number)
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            survey=survey,
            results=results,
            nps=results.nps,
            nps_label=nps_label(results.nps),
            status=status_label(survey),
            window=window_label(survey),
            segment=segment_summary(survey),
            dimensions=[
                (key, label, results.segments[key])
                for key, (label, _columns) in selectors.DIMENSIONS.items()
            ],
            trend=[(s, nps, nps_label(nps)) for s, nps in selectors.survey_trend()],
            ranked_from=RANKED_FROM,
            filter_form=filter_form,
            filtering=filters.is_filtering,
            page=page,
            answers=[(answer, category_of(answer.score)) for answer in page.object_list],
            query=query.urlencode(),
            categories=Category,
            may_close=survey.is_open(),
            close_url=reverse("pulse_surveys:close", args=[survey.pk]),
            **kwargs,
        )


class AnswersCsvView(ManagersOnlyMixin, View):
    """Every answer of a survey with who gave it: community managers only (personal data)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = get_object_or_404(Survey, pk=pk)
        answers = (
            permissions.named_answers(request.user)
            .filter(survey=survey)
            .select_related("follow_up")
            .order_by("created_at", "pk")
        )
        return csv_download(
            f"survey-{survey.pk}-answers.csv",
            ["answered", "member", "email", "industry", "region", "audience", "score", "category"]
            + ["reason", "follow-up"],
            (_answer_row(answer) for answer in answers.iterator(chunk_size=2000)),
        )


def _answer_row(answer: Response) -> list:
    follow_up = getattr(answer, "follow_up", None)
    return [
        answer.created_at.isoformat(),
        safe_cell(answer.member.display_name),
        safe_cell(answer.member.email),
        answer.industry.name if answer.industry else "",
        answer.region.name if answer.region else "",
        answer.get_audience_display(),
        answer.score,
        category_of(answer.score).label.split(" (")[0],
        safe_cell(answer.reason),
        follow_up.get_status_display() if follow_up else "",
    ]


class SegmentsCsvView(ManagersOnlyMixin, View):
    """NPS, margin and response rate by each segment dimension."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = get_object_or_404(Survey, pk=pk)
        results = selectors.survey_results(survey)
        rows = (
            _segment_row(label, row)
            for key, (label, _columns) in selectors.DIMENSIONS.items()
            for row in results.segments[key]
        )
        return csv_download(
            f"survey-{survey.pk}-segments.csv",
            ["dimension", "segment", "nps", "margin_95", "answers", "invited", "response_rate"]
            + ["promoters", "passives", "detractors"],
            rows,
        )


def _segment_row(dimension: str, row) -> list:
    nps = row.nps
    return [
        dimension,
        safe_cell(row.label),
        _number(nps.score),
        _number(nps.margin),
        nps.answers,
        nps.invited or 0,
        _number(nps.response_rate),
        nps.promoters,
        nps.passives,
        nps.detractors,
    ]


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


# --- Follow-ups ---------------------------------------------------------------------------


class StartFollowUpView(ManagersOnlyMixin, View):
    """Turn an answer into a follow-up assigned to the manager who clicked, then edit it."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        answer = get_object_or_404(Response.objects.select_related("survey"), pk=pk)
        try:
            follow_up = services.start_follow_up(
                response=answer,
                manager=request.user,
                note=request.POST.get("note", "")[: FollowUp._meta.get_field("note").max_length],
            )
        except REFUSALS as error:
            messages.error(request, reason_for(error))
            return redirect(results_url(answer.survey))
        messages.success(request, "Follow-up started and assigned to you.")
        return redirect(reverse("listening_follow_ups:edit", args=[follow_up.pk]))
