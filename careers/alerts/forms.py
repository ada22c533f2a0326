"""Saving the board's current filters as a job alert, and changing one."""

from django import forms

from ..application_models import SAVED_SEARCH_NAME_MAX_LENGTH, AlertFrequency


class SavedSearchForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=SAVED_SEARCH_NAME_MAX_LENGTH,
        required=False,
        help_text="Leave empty to name it after its filters.",
    )
    frequency = forms.ChoiceField(
        label="Tell me",
        choices=AlertFrequency.choices,
        initial=AlertFrequency.DAILY,
        widget=forms.RadioSelect,
    )
