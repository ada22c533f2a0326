"""The application form and the employer's stage form. The CV is checked by content here
(`careers.cv`), so a refused file never reaches the services, let alone the disk."""

from django import forms
from django.template.defaultfilters import filesizeformat

from ..application_models import COVER_LETTER_MAX_LENGTH, Stage
from ..cv import check_cv, max_bytes


class ApplicationForm(forms.Form):
    cv = forms.FileField(
        label="Your CV",
        help_text="",
        error_messages={"required": "Choose your CV: a PDF or a Word document (.docx)."},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )
    cover_letter = forms.CharField(
        label="Cover letter",
        max_length=COVER_LETTER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Why this job, and what you would bring. The employer reads it beside your CV "
        "and your community profile.",
        error_messages={"required": "Write a few lines to the employer in your cover letter."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cv"].help_text = (
            f"A PDF or a Word document (.docx), up to {filesizeformat(max_bytes())}. Only you, "
            "the employer and community managers can open it."
        )

    def clean_cv(self):
        upload = self.cleaned_data["cv"]
        self.checked_cv = check_cv(upload)
        return upload

    def has_cv_error(self) -> bool:
        return bool(self.is_bound and "cv" in self.errors)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label="Stage", choices=Stage.choices)
