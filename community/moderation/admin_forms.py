"""Forms of the review queue: the filters, the decisions on an item and the sanctions on its author."""

from datetime import timedelta

import django_filters
from django import forms
from wagtail.admin.filters import WagtailFilterSet

from . import registry
from .models import Report
from .selectors import QueueStatus

REASON_MAX_LENGTH = 1000

SUSPENSION_DAYS = [(1, "1 day"), (7, "7 days"), (30, "30 days")]


def _kind_choices() -> list[tuple[str, str]]:
    return [(adapter.kind, adapter.kind.capitalize()) for adapter in registry.adapters()]


class QueueFilterSet(WagtailFilterSet):
    """The queue's filters. The queue is a union that can't be filtered after the fact, so the
    view reads the cleaned values and hands them to the selector instead."""

    kind = django_filters.ChoiceFilter(
        label="Kind", choices=_kind_choices, empty_label="All kinds", widget=forms.RadioSelect
    )
    status = django_filters.ChoiceFilter(
        label="Waiting because",
        choices=QueueStatus.CHOICES,
        empty_label="Reported or awaiting approval",
        widget=forms.RadioSelect,
    )
    reason = django_filters.ChoiceFilter(
        label="Reported for",
        choices=Report.Reason.choices,
        empty_label="Any reason",
        widget=forms.RadioSelect,
    )


def _reason_field(*, required: bool, help_text: str) -> forms.CharField:
    return forms.CharField(
        label="Reason",
        required=required,
        max_length=REASON_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
        error_messages={
            "required": "Give a reason: the member reads it.",
            "max_length": f"Keep the reason under {REASON_MAX_LENGTH:,} characters.",
        },
    )


class DecisionForm(forms.Form):
    """Keep, hide, restore, delete, approve or reject: one optional reason for any of them."""

    reason = _reason_field(
        required=False,
        help_text="Optional. Kept in the moderation log; when the post is hidden, removed or "
        "rejected, its author reads it too.",
    )


class WarnForm(forms.Form):
    reason = _reason_field(required=True, help_text="Sent to the member as the warning.")


class SuspendForm(forms.Form):
    days = forms.TypedChoiceField(
        label="For",
        choices=SUSPENSION_DAYS,
        coerce=int,
        initial=7,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how long the suspension lasts.",
            "invalid_choice": "Choose 1, 7 or 30 days.",
        },
    )
    reason = _reason_field(required=True, help_text="Sent to the member with the suspension.")

    @property
    def duration(self) -> timedelta:
        return timedelta(days=self.cleaned_data["days"])


class BanForm(forms.Form):
    reason = _reason_field(required=True, help_text="Sent to the member with the ban.")
    confirm = forms.BooleanField(
        label="Yes, ban this member and sign them out everywhere",
        error_messages={"required": "Tick the box to confirm the ban."},
    )


class SpammerForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=REASON_MAX_LENGTH,
        initial="Spam",
        widget=forms.TextInput(),
        help_text="Sent to the member with the ban.",
    )
    confirm = forms.BooleanField(
        label="Yes, hide everything this member wrote and ban them",
        error_messages={"required": "Tick the box to confirm."},
    )

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"] or "Spam"


class LiftSanctionsForm(forms.Form):
    reason = _reason_field(required=False, help_text="Optional. Kept in the moderation log.")
