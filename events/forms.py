"""Forms of the events app."""

from django import forms
from django.core.exceptions import ValidationError

from community.core.numbers import parse_positive_int
from community.members.forms import EmailListField

from .pages import ChapterPage


class ChapterChoiceField(forms.ModelChoiceField):
    """A chapter by its id in ASCII digits: "١٢" is not chapter 12, and an id too long for any
    row is "not one of the choices" rather than an overflow in the query."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_positive_int(str(value)) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class MakeLeaderForm(forms.Form):
    """Community managers name chapter leaders from the admin."""

    chapter = ChapterChoiceField(queryset=ChapterPage.objects.order_by("title"))
    members = EmailListField()

    def clean_members(self) -> list[str]:
        emails = self.cleaned_data["members"]
        if not emails:
            raise ValidationError("Give at least one member's e-mail address.")
        return emails


class RegistrationSearchForm(forms.Form):
    """Organisers find a registration by the member's name or their code."""

    q = forms.CharField(required=False, max_length=100, label="Name or code")


class CheckInForm(forms.Form):
    code = forms.CharField(
        max_length=16,
        label="Registration code",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "enterkeyhint": "go",
            }
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()
