"""Announcements in the Wagtail admin: the list, the draft form, the review page that sends, and
the live member count. Every write goes through community.notifications.announcements."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from .admin_forms import AUDIENCE_CHOICES, SegmentForm
from .announcements import (
    matching_members,
    queue_announcement,
    review_fingerprint,
    save_announcement,
    segment_members,
)
from .models import Announcement

AUDIENCE_LABELS = dict(AUDIENCE_CHOICES)

SENT_LOG_ACTION = "notifications.announcement.send"


def can_manage_announcements(user) -> bool:
    """Only community managers write and send announcements."""
    return bool(
        user.is_authenticated and user.is_active and getattr(user, "is_community_manager", False)
    )


def review_url(announcement: Announcement) -> str:
    return reverse("announcements:review", args=[announcement.pk])


def plural(count: int, singular: str, many: str = "") -> str:
    return f"{count:,} {singular if count == 1 else many or singular + 's'}"


# --- The segment in words -----------------------------------------------------------------


def _names(items: list[str], *, most: int = 0) -> str:
    if most and len(items) > most:
        return f"{', '.join(items[:most])} and {len(items) - most} more"
    return ", ".join(items)


def _audiences(announcement: Announcement) -> list[str]:
    chosen = set(announcement.audiences or [])
    if chosen >= set(AUDIENCE_LABELS):
        return []  # both ticked: everyone
    return [label for value, label in AUDIENCE_CHOICES if value in chosen]


def segment_lines(announcement: Announcement) -> list[tuple[str, str]]:
    """Each criterion and what it lets through (reads the relations; prefetch them for lists)."""
    industries = [str(industry) for industry in announcement.industries.all()]
    regions = [region.name or region.code for region in announcement.regions.all()]
    audiences = _audiences(announcement)
    roles = [role.name for role in announcement.roles.all()]
    return [
        ("Industries", _names(industries) or "Every industry"),
        ("Regions", _names(regions) or "Every region"),
        (
            "Audience",
            f"{' and '.join(audiences)} (and members who serve both)"
            if audiences
            else "B2B and B2C",
        ),
        ("Roles", _names(roles) or "Every role"),
    ]


def segment_summary(announcement: Announcement) -> str:
    """One short line for the list: only the criteria that narrow the segment."""
    parts = []
    industries = [str(industry) for industry in announcement.industries.all()]
    if industries:
        parts.append(_names(industries, most=2))
    regions = [str(region) for region in announcement.regions.all()]
    if regions:
        parts.append(_names(regions, most=3))
    audiences = _audiences(announcement)
    if audiences:
        parts.append(" and ".join(audiences))
    roles = [role.name for role in announcement.roles.all()]
    if roles:
        parts.append(_names(roles, most=2))
    return " · ".join(parts) or "All members"


def recipients_label(announcement: Announcement) -> str:
    if announcement.is_editable:
        return "—"  # counted when it is sent; the review page shows the current count
    return f"{announcement.recipient_count:,}"


# --- The list -----------------------------------------------------------------------------


class AnnouncementIndexView(IndexView):
    page_title = "Announcements"

    def get_base_queryset(self) -> QuerySet[Announcement]:
        return super().get_base_queryset().prefetch_related("industries", "regions", "roles")

    def get_edit_url(self, instance: Announcement) -> str | None:
        # Sent announcements are read only: their title leads to the page that shows them.
        return super().get_edit_url(instance) if instance.is_editable else None

    def get_inspect_url(self, instance: Announcement) -> str:
        return review_url(instance)

    def get_delete_url(self, instance: Announcement) -> str | None:
        return super().get_delete_url(instance) if instance.is_editable else None

    def get_list_more_buttons(self, instance: Announcement) -> list:
        if not instance.is_editable:
            return [MenuItem("View", url=review_url(instance), icon_name="view", priority=10)]
        buttons = [
            MenuItem("Edit", url=self.get_edit_url(instance), icon_name="edit", priority=10),
            MenuItem("Review and send", url=review_url(instance), icon_name="mail", priority=20),
        ]
        if delete_url := self.get_delete_url(instance):
            buttons.append(MenuItem("Delete", url=delete_url, icon_name="bin", priority=30))
        return buttons

    @cached_property
    def no_results_message(self) -> str:
        if self.is_filtering or self.is_searching:
            return "No announcement matches."
        return "No announcements yet. Write one to reach a segment of the community."


# --- The draft form -----------------------------------------------------------------------


class SaveThroughServiceMixin:
    """Create and edit views save with announcements.save_announcement (surveys name their own
    service in `save_draft`) and answer refused input with 422, as everywhere else on the site."""

    submit_button_label = "Save and review"
    submit_button_active_label = "Saving…"
    log_action = ""

    def save_instance(self) -> Announcement:
        data = self.form.cleaned_data
        draft = self.save_draft(
            self.form.save(commit=False),
            author=self.request.user,
            roles=data["roles"],
            industries=data["industries"],
            regions=data["regions"],
        )
        log(instance=draft, action=self.log_action, user=self.request.user)
        return draft

    def save_draft(self, draft: Announcement, **fields) -> Announcement:
        return save_announcement(announcement=draft, **fields)

    def form_valid(self, form) -> HttpResponse:
        try:
            return super().form_valid(form)
        except ValidationError as error:
            # The draft was sent meanwhile (the service checks under its own rules).
            return self.form_refused(form, " ".join(error.messages), status=409)

    def form_refused(self, form, reason: str, *, status: int) -> HttpResponse:
        """The form again, with the service's reason above its fields."""
        form.add_error(None, reason)
        self.produced_error_message = reason
        response = self.form_invalid(form)
        response.status_code = status
        return response

    def form_invalid(self, form) -> HttpResponse:
        response = super().form_invalid(form)
        if not self.expects_json_response:
            response.status_code = 422
        return response

    def get_success_url(self) -> str:
        return review_url(self.object)

    def get_success_buttons(self) -> list:
        return []


class ManagersOnlyMixin:
    """Only those `may_manage` lets in open the view (a 403 for everyone else); surveys name
    their own check."""

    def may_manage(self, user) -> bool:
        return can_manage_announcements(user)

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not self.may_manage(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AnnouncementCreateView(ManagersOnlyMixin, SaveThroughServiceMixin, CreateView):
    log_action = "wagtail.create"
    success_message = "Draft “%(object)s” saved. Check it below, then send it."


class DraftsOnlyMixin:
    """Sent announcements can't change or disappear: send the manager to the read-only page.
    Surveys follow the same rule with their own manager check and read-only page."""

    refusal = "This announcement was already sent; it can't be changed any more."

    def may_manage(self, user) -> bool:
        return can_manage_announcements(user)

    def read_only_url(self, draft: Announcement) -> str:
        return review_url(draft)

    def get_object(self, queryset=None) -> Announcement:
        if getattr(self, "object", None) is None:
            self.object = super().get_object(queryset)
        return self.object

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not self.may_manage(request.user):
            raise PermissionDenied
        draft = self.get_object()
        if not draft.is_editable:
            messages.error(request, self.refusal)
            return redirect(self.read_only_url(draft))
        return super().dispatch(request, *args, **kwargs)


class AnnouncementEditView(DraftsOnlyMixin, SaveThroughServiceMixin, EditView):
    log_action = "wagtail.edit"
    success_message = "Draft “%(object)s” saved. Check it below, then send it."


class AnnouncementDeleteView(DraftsOnlyMixin, DeleteView):
    refusal = "This announcement was already sent; it stays on record."


# --- Review, send and read ----------------------------------------------------------------


class AnnouncementReviewView(WagtailAdminTemplateMixin, TemplateView):
    """A draft as members will read it, whom it reaches and the Send button; once sent, the
    same page shows what went out, to how many members and when."""

    template_name = "notifications/admin/review.html"
    header_icon = "mail"
    index_url_name = "announcements:index"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not can_manage_announcements(request.user):
            raise PermissionDenied
        self.announcement = (
            Announcement.objects.select_related("created_by", "sent_by")
            .prefetch_related("industries", "regions", "roles")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if self.announcement is None:
            raise Http404("No such announcement.")
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return "Review and send" if self.announcement.is_editable else self.announcement.title

    def get_page_subtitle(self) -> str:
        return self.announcement.title

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Announcements"},
            {"url": "", "label": self.announcement.title},
        ]

    def get_header_buttons(self) -> list:
        announcement = self.announcement
        if announcement.is_editable:
            url = reverse("announcements:edit", args=[announcement.pk])
            return [HeaderButton("Edit", url=url, icon_name="edit")]
        return [
            HeaderButton(
                "View on site",
                url=announcement.get_absolute_url(),
                icon_name="link-external",
                attrs={"target": "_blank", "rel": "noreferrer"},
            )
        ]

    def get_context_data(self, **kwargs) -> dict:
        announcement = self.announcement
        match_count = (
            matching_members(announcement).count()
            if announcement.is_editable
            else announcement.recipient_count
        )
        return super().get_context_data(
            announcement=announcement,
            body_html=mark_safe(announcement.body_html),  # rendered and cleaned when saved
            segment=segment_lines(announcement),
            match_count=match_count,
            members=plural(match_count, "member"),
            send_url=reverse("announcements:send", args=[announcement.pk]),
            reviewed=review_fingerprint(announcement) if announcement.is_editable else "",
            edit_url=reverse("announcements:edit", args=[announcement.pk]),
            index_url=reverse(self.index_url_name),
            **kwargs,
        )


class AnnouncementSendView(View):
    """Queue the fan-out; the background task notifies every matching member."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not can_manage_announcements(request.user):
            raise PermissionDenied
        announcement = Announcement.objects.filter(pk=pk).first()
        if announcement is None:
            raise Http404("No such announcement.")
        try:
            queued = queue_announcement(
                announcement=announcement,
                sender=request.user,
                reviewed=request.POST.get("reviewed", ""),
            )
        except ValidationError as error:
            messages.error(request, f"Nothing was sent. {' '.join(error.messages)}")
            return redirect(review_url(announcement))
        log(instance=queued, action=SENT_LOG_ACTION, user=request.user)
        messages.success(
            request,
            f"Sending “{queued.title}” to {plural(queued.recipient_count, 'member')}…",
            buttons=[messages.button(review_url(queued), "View")],
        )
        return redirect("announcements:index")


# --- The live count -----------------------------------------------------------------------


class SegmentCountView(View):
    """How many members a segment reaches, for the draft form: GET with the form's field names,
    answers {"count": N}. The form works without it; the review page counts again."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can_manage_announcements(request.user):
            return JsonResponse({"error": "Only community managers can count members."}, status=403)
        form = SegmentForm(request.GET)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return JsonResponse({"count": segment_members(**form.cleaned_data).count()})
