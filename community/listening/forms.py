"""The member's answer. The score arrives as typed text and is read by services.parse_score
(ASCII digits from 0 to 10): the form only carries it, so a refusal keeps what was typed."""

from django import forms

from .models import Response


class AnswerForm(forms.Form):
    score = forms.CharField(required=False, max_length=4)
    reason = forms.CharField(
        required=False,
        max_length=Response._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep the reason under %(limit_value)s characters."},
    )
    next = forms.CharField(required=False, max_length=2000)
