"""Forms of the surveys admin: the survey (with the announcements' segment fields), and what a
manager writes on a follow-up."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from community.members.models import Audience
from community.notifications.admin_forms import SegmentForm

from . import selectors
from .models import Category, FollowUp, Survey


class SurveyForm(SegmentForm, WagtailAdminModelForm):
    """A draft survey: its question, window and segment (the very fields announcements are aimed
    with, so the live member count works here too). Saved through services.save_survey."""

    class Meta:
        model = Survey
        fields = [
            "title",
            "product_name",
            "ask_reason",
            "reason_question",
            "opens_at",
            "closes_at",
            "industries",
            "regions",
            "audiences",
            "roles",
        ]
        error_messages = {
            "title": {"required": "Name the survey: only managers see it."},
            "product_name": {"required": "Name what members are asked to recommend."},
            "closes_at": {"required": "Choose when the survey closes."},
        }

    def clean(self) -> dict:
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The survey must close after it opens.")
        if data.get("ask_reason") and not (data.get("reason_question") or "").strip():
            self.add_error("reason_question", "Write the question, or untick “Ask for a reason”.")
        return data


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name or obj.username


class FollowUpForm(WagtailAdminModelForm):
    """Who takes the answer on, where it stands, and what was done."""

    assignee = ManagerChoiceField(queryset=selectors.managers(), label="Assigned to")

    class Meta:
        model = FollowUp
        fields = ["assignee", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"note": "What was done or agreed: a call booked, a ticket, a fix shipped."}


class ReasonFilterForm(forms.Form):
    """The reasons list's filters, read from the query string. Industries and regions are
    offered by id; a value that is not one of them (any other digits, any other script) is
    refused by the choice, never turned into a number."""

    category = forms.ChoiceField(
        label="Answers", choices=[("", "All answers"), *Category.choices], required=False
    )
    industry = forms.ChoiceField(label="Industry", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    audience = forms.ChoiceField(
        label="Audience", choices=[("", "B2B and B2C"), *Audience.choices], required=False
    )

    def __init__(self, *args, industries: dict[int, str], regions: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [("", "Every industry")] + [
            (str(pk), name) for pk, name in industries.items()
        ]
        self.fields["region"].choices = [("", "Every region")] + [
            (str(pk), name) for pk, name in regions.items()
        ]

    def filters(self) -> selectors.ReasonFilters:
        self.is_valid()  # a refused filter is dropped; the valid ones still apply
        data = self.cleaned_data
        return selectors.ReasonFilters(
            category=data.get("category", ""),
            industry_id=int(data["industry"]) if data.get("industry") else None,
            region_id=int(data["region"]) if data.get("region") else None,
            audience=data.get("audience", ""),
        )
