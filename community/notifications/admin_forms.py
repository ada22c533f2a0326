"""Forms of the announcements admin: the draft itself, and the segment alone for the live count."""

from django import forms
from django.contrib.auth.models import Group
from wagtail.admin.forms import WagtailAdminModelForm

from community.members.models import Audience, Industry, Region
from community.members.roles import Role

from .models import Announcement

MARKDOWN_HINT = (
    "Markdown: **bold**, *italic*, [a link](https://example.com), “- ” starts a list item, "
    "a blank line starts a new paragraph. The review page shows how it will look."
)

# A member who works with both kinds of customer hears of either, so "both" is no choice here.
AUDIENCE_CHOICES = [(Audience.B2B.value, "B2B"), (Audience.B2C.value, "B2C")]


class RegionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        return f"{obj.code} ({obj.name})" if obj.name and obj.name != obj.code else obj.code


class SegmentForm(forms.Form):
    """Who is reached: the criteria announcements and surveys are aimed with (their forms
    inherit these fields), also read alone from a query string to count the members."""

    industries = forms.ModelMultipleChoiceField(
        label="Industries",
        queryset=Industry.objects.order_by("sort_order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every industry.",
    )
    regions = RegionChoiceField(
        label="Regions",
        queryset=Region.objects.order_by("sort_order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every region.",
    )
    audiences = forms.MultipleChoiceField(
        label="Audience",
        choices=AUDIENCE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: everyone. Members who serve both B2B and B2C hear of either.",
    )
    roles = forms.ModelMultipleChoiceField(
        label="Roles",
        queryset=Group.objects.filter(name__in=[role.value for role in Role]).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every role.",
    )

    class Media:
        # The live count of the members the ticked criteria reach.
        js = ["community/js/announcement_admin.js"]

    def clean_audiences(self) -> list[str]:
        # Stored in the order of the choices, so equal segments look equal.
        chosen = set(self.cleaned_data.get("audiences") or [])
        return [value for value, _label in AUDIENCE_CHOICES if value in chosen]


class AnnouncementForm(SegmentForm, WagtailAdminModelForm):
    """A draft: what it says and who it reaches. Saved through announcements.save_announcement."""

    link_url = forms.URLField(
        label="Link",
        required=False,
        max_length=Announcement._meta.get_field("link_url").max_length,
        assume_scheme="https",
        help_text=Announcement._meta.get_field("link_url").help_text,
        error_messages={"invalid": "Enter a full web address, such as https://example.com/."},
    )

    class Meta:
        model = Announcement
        fields = ["title", "body_source", "link_url", "industries", "regions", "audiences", "roles"]
        widgets = {"body_source": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"body_source": MARKDOWN_HINT}
        error_messages = {
            "title": {"required": "Give the announcement a title: members see it first."},
            "body_source": {"required": "Write the message members will read."},
        }
