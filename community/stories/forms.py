"""The stories listing's filters. A value that matches nothing is reported and ignored."""

from django import forms

from community.core.slugs import validate_unicode_slug
from community.members.models import Audience, Industry, Region

from .models import Product
from .pages import StoryKind
from .selectors import StoryFilters, published_tag


class StoryFilterForm(forms.Form):
    industry = forms.ModelChoiceField(
        Industry.objects.all(), to_field_name="slug", required=False, empty_label="Any industry"
    )
    region = forms.ModelChoiceField(
        Region.objects.all(), to_field_name="code", required=False, empty_label="Any region"
    )
    audience = forms.ChoiceField(choices=[("", "B2B or B2C"), *Audience.choices], required=False)
    product = forms.ModelChoiceField(
        Product.objects.all(), to_field_name="slug", required=False, empty_label="Any product"
    )
    tag = forms.CharField(required=False, max_length=100, validators=[validate_unicode_slug])
    kind = forms.ChoiceField(
        choices=[("", "Stories and articles"), *StoryKind.choices], required=False
    )

    error_messages = {
        "industry": "There is no industry called “{value}”; showing every industry.",
        "region": "There is no region “{value}”; showing every region.",
        "audience": "“{value}” is not an audience; showing B2B and B2C.",
        "product": "There is no product called “{value}”; showing every product.",
        "tag": "No story is tagged “{value}”; showing every tag.",
        "kind": "“{value}” is not a kind of story; showing stories and articles.",
    }

    def clean_tag(self):
        slug = self.cleaned_data.get("tag")
        if not slug:
            return None
        tag = published_tag(slug)
        if tag is None:
            raise forms.ValidationError("unknown tag")
        return tag

    def notes(self) -> list[str]:
        """What was asked for but could not be used, in words a reader understands."""
        return [
            self.error_messages[name].format(value=str(self.data.get(name, ""))[:60])
            for name in self.errors
            if name in self.error_messages
        ]

    def filters(self) -> StoryFilters:
        """The valid part of what was asked for (invalid fields count as "any")."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        return StoryFilters(**data)
