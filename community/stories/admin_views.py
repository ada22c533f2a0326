"""Onboarding a partner from the Wagtail admin (community managers only)."""

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import FormView
from wagtail.admin import messages

from community.core.admin_views import TitledAdminView
from community.members.forms import EmailListField

from . import partners
from .permissions import ONBOARD_PERMISSION


class OnboardPartnerForm(forms.Form):
    name = forms.CharField(max_length=120, label="Partner organisation")
    summary = forms.CharField(
        max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences on what the partner does (they can edit it later).",
    )  # fmt: skip
    website = forms.URLField(required=False, assume_scheme="https")
    members = EmailListField(required=False)


@method_decorator(permission_required(ONBOARD_PERMISSION, raise_exception=True), name="dispatch")
class OnboardPartnerView(TitledAdminView, FormView):
    form_class = OnboardPartnerForm
    template_name = "stories/admin/onboard_partner.html"
    page_title = "Onboard a partner"
    header_icon = "group"

    def form_valid(self, form: OnboardPartnerForm) -> HttpResponse:
        try:
            onboarded = partners.onboard_partner(
                name=form.cleaned_data["name"],
                member_emails=form.cleaned_data["members"],
                summary=form.cleaned_data["summary"],
                website=form.cleaned_data["website"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=422)
        added = len(onboarded.added_members)
        messages.success(
            self.request,
            f"{onboarded.page.title} is onboarded: its section, its editors' group and its "
            f"collection are ready ({added} member{'s' if added != 1 else ''} added). "
            "What they submit waits for a community manager's approval.",
        )
        return redirect(reverse("wagtailadmin_explore", args=[onboarded.page.pk]))

    def form_invalid(self, form: OnboardPartnerForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=422)


def partner_section(request: HttpRequest, *, write: bool = False) -> HttpResponse:
    """A partner's way in from the site's member menu: their section in the admin, or a new
    story in it. Resolved on click, so the menu itself costs no query."""
    sections = partners.partner_sections_of(request.user)
    if not sections:
        messages.error(request, "You do not edit a partner section.")
        return redirect("wagtailadmin_home")
    section = sections[0]
    if write:
        return redirect("wagtailadmin_pages:add", "stories", "storypage", section.pk)
    return redirect("wagtailadmin_explore", section.pk)
