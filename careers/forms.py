"""Forms of the job board: an employer's company page and their job postings. Forms check what
a member typed; the rules every posting keeps live in the services (`check_posting`)."""

import dataclasses
import datetime
import unicodedata
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from community.core import images
from community.core.slugs import unicode_slugify
from community.members.models import Country, Industry, Region

from .models import (
    COMPANY_NAME_MAX_LENGTH,
    CURRENCIES,
    DESCRIPTION_MAX_LENGTH,
    MAX_LOCATIONS,
    MAX_OPEN_DAYS,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    ApplyMethod,
    EmploymentType,
    SalaryPeriod,
    Seniority,
    WorkplaceType,
)
from .services import CompanyData, Location, PostingData

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 2000
MAX_SKILLS = 10
SKILL_MAX_LENGTH = 50
# Blank rows of the locations list shown beside those filled in (no script needed to add one).
BLANK_LOCATION_ROWS = 2
MAX_SALARY = 100_000_000

Data = TypeVar("Data")


def data_from(form: forms.Form, data_class: type[Data], **others) -> Data:
    """A valid form's cleaned data as `data_class`, a dataclass whose fields the form has under
    the same names; `others` gives those the form has no field for, or holds in another shape."""
    names = (field.name for field in dataclasses.fields(data_class) if field.name not in others)
    return data_class(**{name: form.cleaned_data[name] for name in names}, **others)


class CompanyForm(forms.Form):
    name = forms.CharField(max_length=COMPANY_NAME_MAX_LENGTH)
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)
    industry = forms.ModelChoiceField(
        queryset=Industry.objects.all(), required=False, empty_label="Choose an industry…"
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.all(),
        required=False,
        empty_label="Choose a region…",
        help_text="Where the company mostly works.",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        help_text="Who you are and what it is like to work with you. Markdown works.",
    )
    logo = forms.FileField(
        required=False,
        help_text="A square JPEG, PNG, GIF or WebP picture, up to 2 MB.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    remove_logo = forms.BooleanField(required=False, label="Remove the current logo")

    def clean_logo(self) -> images.CleanImage | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise ValidationError("That picture is over 2 MB: please upload a smaller one.")
        # Decoded in full and written out again: only the pixels of the upload are stored.
        return images.clean_image(upload, max_side=LOGO_MAX_SIDE)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not unicode_slugify(name):
            raise ValidationError("A company name needs at least one letter or digit.")
        return name

    def to_data(self) -> CompanyData:
        return data_from(self, CompanyData)

    @classmethod
    def initial_for(cls, company) -> dict:
        return {
            "name": company.name,
            "website": company.website,
            "industry": company.industry_id,
            "region": company.region_id,
            "description": company.description_source,
        }


class LocationForm(forms.Form):
    city = forms.CharField(max_length=100, required=False)
    country = forms.ModelChoiceField(
        queryset=Country.objects.all(), required=False, empty_label="Country…"
    )

    def clean(self):
        data = super().clean()
        city, country = " ".join(data.get("city", "").split()), data.get("country")
        if city and not country:
            self.add_error("country", "Choose the country of this city.")
        if country and not city:
            self.add_error("city", "Name the city.")
        data["city"] = city
        return data


LocationFormSet = forms.formset_factory(
    LocationForm, extra=BLANK_LOCATION_ROWS, max_num=MAX_LOCATIONS, validate_max=True
)


def normalise_skill(name: str) -> str:
    """One way to write each skill: composed characters, no invisible ones, single spaces."""
    name = unicodedata.normalize("NFKC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    return " ".join(name.split())


class PostingForm(forms.Form):
    title = forms.CharField(
        min_length=TITLE_MIN_LENGTH,
        max_length=TITLE_MAX_LENGTH,
        help_text="The role as people search for it, such as “Marketing Operations Manager”.",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text="What the person will do, who you look for, what you offer. Markdown works.",
    )
    workplace_type = forms.ChoiceField(
        choices=WorkplaceType.choices,
        widget=forms.RadioSelect,
        label="Workplace",
        initial=WorkplaceType.ON_SITE,
    )
    remote_countries = forms.ModelMultipleChoiceField(
        queryset=Country.objects.all(),
        required=False,
        label="Countries a remote hire may work from",
        help_text="For remote jobs (and hybrid ones that accept people from abroad). "
        "Hold Ctrl or ⌘ to choose several.",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    employment_type = forms.ChoiceField(choices=EmploymentType.choices, label="Job type")
    seniority = forms.ChoiceField(choices=Seniority.choices, initial=Seniority.MID)
    industry = forms.ModelChoiceField(
        queryset=Industry.objects.all(), required=False, empty_label="Choose an industry…"
    )
    skills = forms.CharField(
        required=False,
        max_length=600,
        help_text=f"Up to {MAX_SKILLS}, separated by commas: “Marketing automation, SQL, Salesforce”.",
    )
    salary_min = forms.CharField(required=False, label="Salary from", max_length=12)
    salary_max = forms.CharField(required=False, label="Salary up to", max_length=12)
    salary_currency = forms.ChoiceField(
        choices=[("", "Currency…"), *CURRENCIES], required=False, label="Currency"
    )
    salary_period = forms.ChoiceField(choices=SalaryPeriod.choices, label="Per")
    apply_method = forms.ChoiceField(
        choices=ApplyMethod.choices,
        widget=forms.RadioSelect,
        label="How people apply",
        initial=ApplyMethod.ON_SITE,
    )
    apply_url = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=500,
        label="Application address",
        help_text="Where people apply on your website, if they don't apply here.",
    )
    closes_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Closing date",
        help_text=f"The job leaves the board after this day (at most {MAX_OPEN_DAYS} days ahead).",
    )

    # The fields an existing posting fills in with its own value as it is.
    SAME_AS_POSTING = (
        "title",
        "workplace_type",
        "employment_type",
        "seniority",
        "salary_currency",
        "salary_period",
        "apply_method",
        "apply_url",
        "closes_on",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and "closes_on" not in self.initial:
            self.initial["closes_on"] = timezone.localdate() + datetime.timedelta(days=60)

    def _salary(self, name: str) -> int | None:
        # Digits only, as typed in any locale: "65,000", "65 000" and "65.000" are all 65000.
        raw = "".join(self.cleaned_data.get(name, "").split()).replace(",", "").replace(".", "")
        if not raw:
            return None
        if not raw.isascii() or not raw.isdigit():
            raise ValidationError("Write the amount in digits (0-9), such as 65000.")
        value = int(raw[:12])
        if value > MAX_SALARY:
            raise ValidationError("That amount is too large.")
        return value or None

    def clean_salary_min(self) -> int | None:
        return self._salary("salary_min")

    def clean_salary_max(self) -> int | None:
        return self._salary("salary_max")

    def clean_skills(self) -> list[str]:
        names = [normalise_skill(name) for name in self.cleaned_data.get("skills", "").split(",")]
        names = list(dict.fromkeys(name for name in names if name))
        if len(names) > MAX_SKILLS:
            raise ValidationError(f"Name at most {MAX_SKILLS} skills.")
        if any(len(name) > SKILL_MAX_LENGTH for name in names):
            raise ValidationError(f"Keep each skill under {SKILL_MAX_LENGTH} characters.")
        wordless = [name for name in names if not unicode_slugify(name)]
        if wordless:
            raise ValidationError(f"“{wordless[0]}” has no letter or digit: it can't be a skill.")
        return names

    def clean(self):
        data = super().clean()
        low, high = data.get("salary_min"), data.get("salary_max")
        if (low or high) and not data.get("salary_currency"):
            self.add_error("salary_currency", "Say which currency the salary is in.")
        if low and high and low > high:
            self.add_error("salary_max", "The top of the range is below its bottom.")
        if data.get("apply_method") == ApplyMethod.EXTERNAL and not data.get("apply_url"):
            self.add_error("apply_url", "Give the address where people apply.")
        if data.get("workplace_type") == WorkplaceType.REMOTE and not data.get("remote_countries"):
            self.add_error("remote_countries", "Choose at least one country for a remote job.")
        closes_on = data.get("closes_on")
        today = timezone.localdate()
        if closes_on and closes_on < today:
            self.add_error("closes_on", "That day has passed: choose one from today on.")
        elif closes_on and closes_on > today + datetime.timedelta(days=MAX_OPEN_DAYS):
            self.add_error("closes_on", f"Choose a day at most {MAX_OPEN_DAYS} days ahead.")
        return data

    def to_data(self, locations: list[Location]) -> PostingData:
        # The locations come from their own formset; the countries, a queryset, go as a list.
        remote_countries = list(self.cleaned_data["remote_countries"])
        return data_from(self, PostingData, locations=locations, remote_countries=remote_countries)

    @classmethod
    def initial_for(cls, posting) -> dict:
        initial = {name: getattr(posting, name) for name in cls.SAME_AS_POSTING}
        return initial | {
            "description": posting.description_source,
            "remote_countries": [country.pk for country in posting.remote_countries.all()],
            "industry": posting.industry_id,
            "skills": ", ".join(skill.name for skill in posting.skills.all()),
            "salary_min": posting.salary_min or "",
            "salary_max": posting.salary_max or "",
        }


def locations_from(formset) -> list[Location]:
    """The filled-in rows of a valid locations formset, in order, without repeats."""
    seen, places = set(), []
    for form in formset:
        city, country = form.cleaned_data.get("city"), form.cleaned_data.get("country")
        if city and country and (city.casefold(), country.pk) not in seen:
            seen.add((city.casefold(), country.pk))
            places.append(Location(city=city, country=country))
    return places


def location_rows(posting) -> list[dict]:
    return [{"city": place.city, "country": place.country_id} for place in posting.locations.all()]
