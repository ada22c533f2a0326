"""The review queue in the Wagtail admin: what waits for community managers, one item in full,
and the decisions and sanctions taken on it, each through community.moderation.services."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views import View
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import BaseColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from community.members.models import User

from . import registry, rules, selectors, services
from .admin_forms import (
    BanForm,
    DecisionForm,
    LiftSanctionsForm,
    QueueFilterSet,
    SpammerForm,
    SuspendForm,
    WarnForm,
)
from .models import Report
from .permissions import is_moderator
from .selectors import QueueEntry

ACTION_LABELS = {
    "auto_hide": "Hidden by reports",
    "hold": "Held for review",
    "keep": "Kept",
    "hide": "Hidden",
    "restore": "Restored",
    "delete": "Removed",
    "approve": "Approved",
    "reject": "Rejected",
    "warn": "Warned",
    "suspend": "Suspended",
    "lift_sanctions": "Sanctions lifted",
    "ban": "Banned",
    "mark_spammer": "Marked as spammer",
}


def action_label(action: str) -> str:
    """How the audit log names an action; apps may log actions of their own, named plainly."""
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())


def review_url_for(target_type_id: int | None, target_id: int | None) -> str:
    """The review page of a logged or reported item, if its kind is still moderatable."""
    if target_type_id is None or target_id is None:
        return ""
    model = ContentType.objects.get_for_id(target_type_id).model_class()
    if model is None or not registry.is_registered(model):
        return ""
    kind = registry.adapter_for(model).kind
    return reverse("moderation_queue:review", args=[kind, target_id])


def pending_count(request: HttpRequest) -> int:
    """The queue's length, counted once per request however many menu items show it."""
    if not hasattr(request, "_moderation_pending_count"):
        request._moderation_pending_count = selectors.pending_count()
    return request._moderation_pending_count


# --- The queue --------------------------------------------------------------------------


def queue_url_for(request: HttpRequest) -> str:
    """The queue as this request filtered, sorted and paged it (also when it asked only for the
    results), so that a decision leads back to the same place."""
    query = request.GET.copy()
    query.pop("_w_filter_fragment", None)
    url = reverse("moderation_queue:index")
    return f"{url}?{query.urlencode()}" if query else url


class EntryColumn(BaseColumn):
    """A queue column drawn by its own template, which receives the entry as `entry`."""

    def __init__(self, name: str, *, template_name: str, **kwargs) -> None:
        super().__init__(name, **kwargs)
        self.cell_template_name = template_name

    def get_cell_context_data(self, instance: QueueEntry, parent_context) -> dict:
        review_url = reverse("moderation_queue:review", args=[instance.kind, instance.target_id])
        queue_url = queue_url_for(parent_context["request"])
        return {
            **super().get_cell_context_data(instance, parent_context),
            "entry": instance,
            "kind_icon": registry.icon_for_kind(instance.kind),
            "review_url": f"{review_url}?{urlencode({'next': queue_url})}",
        }


class QueuePaginator(WagtailPaginator):
    # The queue's rows come from several models; count them as plain "items".
    model = None


class QueueView(BaseListingView):
    page_title = "Review queue"
    header_icon = "clipboard-list"
    template_name = "moderation/admin/queue.html"
    index_url_name = "moderation_queue:index"
    index_results_url_name = "moderation_queue:index_results"
    filterset_class = QueueFilterSet
    default_ordering = selectors.DEFAULT_QUEUE_ORDERING
    paginate_by = 20
    paginator_class = QueuePaginator
    verbose_name = "item"
    verbose_name_plural = "items"
    columns = [
        EntryColumn("item", label="Item", template_name="moderation/admin/cells/item.html"),
        EntryColumn("author", label="Author", template_name="moderation/admin/cells/author.html"),
        EntryColumn("state", label="State", template_name="moderation/admin/cells/state.html"),
        EntryColumn(
            "reports",
            label="Reports",
            sort_key="reporters",
            template_name="moderation/admin/cells/reports.html",
            ascending_title_text="Fewest reporters first",
            descending_title_text="Most reporters first",
        ),
        EntryColumn(
            "latest",
            label="When",
            sort_key="latest",
            template_name="moderation/admin/cells/when.html",
            ascending_title_text="Oldest first",
            descending_title_text="Newest first",
        ),
    ]

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_moderator(request.user):
            # Wagtail's admin wrapper answers with its usual "no permission" message.
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filterset_kwargs(self) -> dict:
        # The filter set only validates the query string; see QueueFilterSet.
        return {**super().get_filterset_kwargs(), "queryset": Report.objects.none()}

    @cached_property
    def filter_values(self) -> dict:
        if self.filters and self.filters.is_valid():
            return {name: value or "" for name, value in self.filters.form.cleaned_data.items()}
        return {}

    def get_base_queryset(self):
        return selectors.queue(
            kind=self.filter_values.get("kind", ""),
            reason=self.filter_values.get("reason", ""),
            status=self.filter_values.get("status", ""),
            ordering=self.ordering,
        )

    def order_queryset(self, queryset):
        return queryset  # the selector orders the union

    def filter_queryset(self, queryset):
        return queryset  # the selector filters the union

    def paginate_queryset(self, queryset, page_size):
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        if not self.is_filtering:
            # The whole queue was counted for the pages; the menu badge needs the same number.
            self.request._moderation_pending_count = paginator.count
        page.object_list = selectors.queue_entries(rows)
        return paginator, page, page.object_list, is_paginated

    def get_header_buttons(self) -> list:
        return [
            HeaderButton(
                "Moderation log", url=reverse("moderation_log:index"), icon_name="history"
            ),
            HeaderButton("Blocked words", url=reverse("blocked_words:index"), icon_name="regex"),
        ]

    @cached_property
    def no_results_message(self) -> str:
        if self.is_filtering:
            return "Nothing waiting matches these filters."
        return "Nothing is waiting for review. Reported and held posts will show up here."


# --- Decisions on an item ---------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """How the review page offers a decision; whether it makes sense is rules.decision_refusal."""

    name: str
    label: str
    done: str
    service: Callable
    classname: str


DECISIONS: dict[str, Decision] = {
    decision.name: decision
    for decision in [
        Decision("approve", "Approve", "Approved", services.approve, ""),
        Decision("reject", "Reject", "Rejected", services.reject, "no"),
        Decision("keep", "Keep", "Kept, and its reports closed", services.keep, ""),
        Decision("restore", "Restore", "Restored", services.restore, "button-secondary"),
        Decision("hide", "Hide", "Hidden", services.hide, "warning"),
        Decision("delete", "Delete", "Removed", services.delete, "no"),
    ]
}


# --- Sanctions on the author ------------------------------------------------------------


@dataclass(frozen=True)
class Sanction:
    """How the review page offers a sanction; whether it makes sense is rules.sanction_refusal."""

    name: str
    label: str
    form_class: type[forms.Form]
    apply: Callable[[User, User, forms.Form], str]
    """Apply the sanction and say what happened."""
    classname: str = ""
    description: str = ""


def _warn(member: User, moderator: User, form: forms.Form) -> str:
    services.warn(member=member, moderator=moderator, reason=form.cleaned_data["reason"])
    return f"{member} was warned."


def _suspend(member: User, moderator: User, form: SuspendForm) -> str:
    until = timezone.now() + form.duration
    services.suspend(
        member=member, moderator=moderator, until=until, reason=form.cleaned_data["reason"]
    )
    return f"{member} is suspended until {formats.date_format(until, 'j F Y, H:i')}."


def _ban(member: User, moderator: User, form: forms.Form) -> str:
    services.ban(member=member, moderator=moderator, reason=form.cleaned_data["reason"])
    return f"{member} is banned and signed out everywhere."


def _mark_spammer(member: User, moderator: User, form: forms.Form) -> str:
    hidden = services.mark_spammer(
        member=member, moderator=moderator, reason=form.cleaned_data["reason"]
    )
    posts = "post was" if hidden == 1 else "posts were"
    return f"{member} is banned as a spammer; {hidden} {posts} hidden."


def _lift(member: User, moderator: User, form: forms.Form) -> str:
    services.lift_sanctions(member=member, moderator=moderator, reason=form.cleaned_data["reason"])
    return f"{member} can take part again."


SANCTIONS: dict[str, Sanction] = {
    sanction.name: sanction
    for sanction in [
        Sanction(
            "warn",
            "Warn",
            WarnForm,
            _warn,
            classname="button-secondary",
            description="The member gets a notification with your reason.",
        ),
        Sanction(
            "suspend",
            "Suspend",
            SuspendForm,
            _suspend,
            classname="warning",
            description="They can still read, but not post, react, report, RSVP or apply.",
        ),
        Sanction(
            "ban",
            "Ban",
            BanForm,
            _ban,
            classname="no",
            description="No more taking part, and every open session ends.",
        ),
        Sanction(
            "spammer",
            "Mark as spammer",
            SpammerForm,
            _mark_spammer,
            classname="no",
            description="Hides everything they published, then bans them.",
        ),
        Sanction(
            "lift",
            "Lift sanctions",
            LiftSanctionsForm,
            _lift,
            description="Ends a suspension or a ban now.",
        ),
    ]
}


# --- The review page --------------------------------------------------------------------


class ReviewView(WagtailAdminTemplateMixin, View):
    """One item in full: its reports, its author's standing and history, and every form."""

    template_name = "moderation/admin/review.html"
    header_icon = "clipboard-list"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_moderator(request.user):
            raise PermissionDenied
        try:
            adapter = registry.adapter_for_kind(kwargs["kind"])
        except LookupError:
            adapter = None
        self.entry = selectors.entry_for(adapter, kwargs["pk"]) if adapter else None
        if self.entry is None:
            return self.not_found()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, **kwargs) -> HttpResponse:
        return self.render_review()

    @cached_property
    def queue_url(self) -> str:
        return get_valid_next_url_from_request(self.request) or reverse("moderation_queue:index")

    @cached_property
    def review_url(self) -> str:
        url = reverse("moderation_queue:review", args=[self.entry.kind, self.entry.target_id])
        return f"{url}?{urlencode({'next': self.queue_url})}"

    def get_page_title(self) -> str:
        return self.entry.title if getattr(self, "entry", None) else "Not found"

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": self.queue_url, "label": "Review queue"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_header_buttons(self) -> list:
        entry = getattr(self, "entry", None)
        if entry is None:
            return []
        buttons = [
            HeaderButton(
                "View on site",
                url=entry.url,
                icon_name="link-external",
                attrs={"target": "_blank", "rel": "noreferrer"},
            )
        ]
        if entry.edit_url:
            buttons.append(HeaderButton("Edit on site", url=entry.edit_url, icon_name="edit"))
        return buttons

    def not_found(self) -> HttpResponse:
        self.entry = None
        messages.error(
            self.request,
            "That item doesn't exist (any more), so there is nothing to review or decide.",
        )
        context = self.get_context_data(queue_url=self.queue_url)
        return TemplateResponse(
            self.request, "moderation/admin/not_found.html", context, status=404
        )

    def render_review(
        self,
        *,
        status: int = 200,
        decision_form: DecisionForm | None = None,
        sanction_form: forms.Form | None = None,
        sanction_name: str = "",
    ) -> HttpResponse:
        entry, author = self.entry, self.entry.author
        author_is_manager = bool(author and author.is_community_manager)
        sanctions = []
        if author is not None and author.pk != self.request.user.pk:
            for sanction in SANCTIONS.values():
                if author_is_manager and sanction.name in ("ban", "spammer"):
                    continue
                refusal = rules.sanction_refusal(
                    sanction.name, member=author, moderator=self.request.user
                )
                if refusal and sanction.name != sanction_name:
                    continue
                form = (
                    sanction_form
                    if sanction.name == sanction_name
                    else sanction.form_class(prefix=sanction.name)
                )
                sanctions.append((sanction, form))
        history = selectors.history(entry)
        for line in history:
            line.action_label = action_label(line.action)
            line.review_url = review_url_for(line.target_type_id, line.target_id)
        context = self.get_context_data(
            entry=entry,
            author=author,
            author_is_manager=author_is_manager,
            kind_icon=registry.icon_for_kind(entry.kind),
            body_html=mark_safe(entry.adapter.body_html(entry.item)),  # cleaned when written
            reports=selectors.reports_on(entry),
            history=history,
            decisions=[d for d in DECISIONS.values() if not rules.decision_refusal(d.name, entry)],
            decision_form=decision_form or DecisionForm(prefix="decision"),
            sanctions=sanctions,
            queue_url=self.queue_url,
            review_url=self.review_url,
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def refuse(self, message: str, *, status: int, **forms) -> HttpResponse:
        messages.error(self.request, message)
        return self.render_review(status=status, **forms)


class DecisionView(ReviewView):
    """Keep, hide, restore, delete, approve or reject the item."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, kind: str, pk: int, decision: str) -> HttpResponse:
        title = self.entry.title
        chosen = DECISIONS.get(decision)
        if chosen is None:
            return self.refuse(f"“{decision}” is not something the queue can do.", status=404)
        form = DecisionForm(request.POST, prefix="decision")
        if not form.is_valid():
            return self.refuse(
                f"Nothing was done to this {kind}: please correct the reason below.",
                status=422,
                decision_form=form,
            )
        refusal = rules.decision_refusal(chosen.name, self.entry)
        if refusal:
            return self.refuse(f"Nothing was done to this {kind}. {refusal}", status=409)
        try:
            chosen.service(
                item=self.entry.item, moderator=request.user, reason=form.cleaned_data["reason"]
            )
        except rules.ModerationRefused as error:
            # Another manager decided first, after this page was loaded.
            return self.refuse(f"Nothing was done to this {kind}. {error}", status=409)
        except PermissionDenied as error:
            return self.refuse(str(error) or "You may not do that.", status=403)
        messages.success(
            request,
            f"{chosen.done}: {title}",
            buttons=[messages.button(self.review_url, "Open it again")],
        )
        return redirect(self.queue_url)


class SanctionView(ReviewView):
    """Warn, suspend, ban or mark as spammer the item's author, or lift their sanctions."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, kind: str, pk: int, sanction: str) -> HttpResponse:
        chosen = SANCTIONS.get(sanction)
        if chosen is None:
            return self.refuse(f"“{sanction}” is not a sanction the queue knows.", status=404)
        member = self.entry.author
        if member is None:
            return self.refuse("This item has no author to sanction.", status=409)
        form = chosen.form_class(request.POST, prefix=chosen.name)
        if not form.is_valid():
            return self.refuse(
                f"{chosen.label}: nothing was done, please correct the form below.",
                status=422,
                sanction_form=form,
                sanction_name=chosen.name,
            )
        refusal = rules.sanction_refusal(chosen.name, member=member, moderator=request.user)
        if refusal:
            return self.refuse(f"{chosen.label}: {refusal}", status=409)
        try:
            done = chosen.apply(member, request.user, form)
        except rules.ModerationRefused as error:
            return self.refuse(f"{chosen.label}: {error}", status=409)
        except (PermissionDenied, ValueError) as error:
            return self.refuse(
                f"{chosen.label}: {error}",
                status=403 if isinstance(error, PermissionDenied) else 400,
            )
        messages.success(request, done)
        return redirect(self.review_url)
