from django import forms

from .models import Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        label="What's wrong with it?",
        error_messages={
            "required": "Choose a reason so we know what to look for.",
            "invalid_choice": "Choose one of the reasons listed.",
        },
    )
    text = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Anything else we should know?",
        help_text="Optional. Community managers read every report.",
    )
