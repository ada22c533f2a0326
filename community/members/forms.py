"""Forms for sign-up (segment fields added to allauth's form) and the member's own profile."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from . import services
from .models import Audience, Country, Industry, Profile
from .time_zones import time_zone_choices
from .validators import validate_avatar


class EmailListField(forms.CharField):
    """Members named by e-mail address in an admin form: one per line or separated by commas.
    Cleans to the list of addresses, refusing the ones that are not addresses at all."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault("label", "Members' e-mail addresses")
        kwargs.setdefault(
            "help_text", "One per line or separated by commas. They must have joined the community."
        )
        super().__init__(**kwargs)

    def clean(self, value) -> list[str]:
        raw = super().clean(value)
        emails = [part.strip() for part in raw.replace(",", "\n").splitlines() if part.strip()]
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                bad.append(email)
        if bad:
            raise ValidationError(f"Not an e-mail address: {', '.join(bad)}.")
        return emails


class SegmentFields(forms.Form):
    """The segment a member belongs to: asked at sign-up, editable on the profile."""

    industry = forms.ModelChoiceField(
        queryset=Industry.objects.all(),
        empty_label="Choose your industry",
        error_messages={
            "required": "Tell us your industry so we can show you what matters to it.",
            "invalid_choice": "We don't know that industry. Choose one from the list.",
        },
    )
    country = forms.ModelChoiceField(
        queryset=Country.objects.select_related("region"),
        label="Country",
        empty_label="Choose your country",
        help_text="We use it to place you in a region (EMEA, North America, LATAM, APAC).",
        error_messages={
            "required": "Tell us your country so we can connect you with your region.",
            "invalid_choice": "We don't know that country. Choose one from the list.",
        },
    )
    audience = forms.ChoiceField(
        choices=Audience.choices,
        initial=Audience.B2B,
        label="Who do you sell to?",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose B2B, B2C, or both."},
    )
    company = forms.CharField(max_length=120, required=False)
    job_title = forms.CharField(max_length=120, required=False)

    def segment(self) -> services.Segment:
        data = self.cleaned_data
        return services.Segment(
            industry=data["industry"],
            country=data["country"],
            audience=data["audience"],
            company=data.get("company", ""),
            job_title=data.get("job_title", ""),
        )


def clean_display_name(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise forms.ValidationError("Tell us the name other members will see.")
    return value


class SignupSegmentForm(SegmentFields):
    """allauth mixes this into its sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        max_length=80,
        label="Display name",
        help_text="Your name as other members see it.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = [
        "email", "display_name", "password1", "password2",
        "industry", "country", "audience", "company", "job_title",
    ]  # fmt: skip

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user) -> None:
        services.complete_signup(user=user, segment=self.segment())


class ProfileForm(SegmentFields):
    display_name = forms.CharField(max_length=80, label="Display name")
    bio = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few lines about you and your work. Markdown is welcome.",
    )
    avatar = forms.ImageField(
        required=False,
        label="Profile picture",
        validators=[validate_avatar],
        help_text="JPEG, PNG, GIF or WebP, at most 2 MB.",
        error_messages={
            "invalid_image": "That file is not an image we can read. Upload a JPEG, PNG, GIF or WebP picture."
        },
    )
    clear_avatar = forms.BooleanField(required=False, label="Remove my picture")
    time_zone = forms.TypedChoiceField(
        required=False,
        empty_value="",
        choices=lambda: [("", "Not set: each event's own time zone"), *time_zone_choices()],
        label="Time zone",
        help_text="Event and session times are shown in it, with the event's own zone beside them.",
        error_messages={
            "invalid_choice": "We don't know that time zone. Choose one from the list, "
            "such as Europe/Paris."
        },
        # The browser's own zone is offered when the field is empty (community/js/time_zone.js).
        widget=forms.Select(attrs={"data-guess-time-zone": ""}),
    )

    field_order = [
        "display_name", "avatar", "clear_avatar", "bio",
        "industry", "country", "audience", "company", "job_title", "time_zone",
    ]  # fmt: skip

    @classmethod
    def for_profile(cls, profile: Profile, **kwargs) -> "ProfileForm":
        initial = {
            "display_name": profile.user.display_name,
            "industry": profile.industry_id,
            "country": profile.country_id,
            "audience": profile.audience,
            "company": profile.company,
            "job_title": profile.job_title,
            "bio": profile.bio,
            "time_zone": profile.time_zone,
        }
        return cls(initial=initial, **kwargs)

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])
