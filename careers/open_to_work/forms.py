"""The member's open-to-work card."""

from django import forms

from community.members.models import Country

from ..application_models import OpenToWork
from .services import MAX_COUNTRIES


class OpenToWorkForm(forms.Form):
    roles = forms.CharField(
        label="Roles you are looking for",
        max_length=OpenToWork._meta.get_field("roles").max_length,
        help_text="Such as “Marketing automation lead, CRM consultant”.",
    )
    places = forms.CharField(
        label="Where",
        max_length=OpenToWork._meta.get_field("places").max_length,
        required=False,
        help_text="Cities or areas you would work in.",
    )
    countries = forms.ModelMultipleChoiceField(
        label="Countries",
        queryset=Country.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=f"Up to {MAX_COUNTRIES}.",
    )
    remote_ok = forms.BooleanField(label="I am open to remote work", required=False)
    visible = forms.BooleanField(label="Show my card to employers", required=False, initial=True)

    def clean_countries(self):
        countries = self.cleaned_data["countries"]
        if len(countries) > MAX_COUNTRIES:
            raise forms.ValidationError(f"Choose at most {MAX_COUNTRIES} countries.")
        return list(countries)
