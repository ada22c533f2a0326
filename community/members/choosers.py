"""A chooser for members in the Wagtail admin: stories name their advocates and the members
they quote, highlights name a member. Searches display names and handles."""

from django import forms
from django.db.models import Q
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet


class MemberFilterForm(BaseFilterForm):
    q = forms.CharField(
        label="Search members",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Name or handle"}),
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            handle = query.removeprefix("@")
            objects = objects.filter(
                Q(display_name__icontains=query) | Q(username__istartswith=handle)
            )
            self.is_searching = True
            self.search_query = query
        return objects


class _MemberListing:
    filter_form_class = MemberFilterForm
    ordering = ["display_name", "pk"]

    def get_object_list(self):
        # Banned members are nobody's advocate or quoted voice.
        return self.model_class.objects.filter(is_active=True, profile__banned_at__isnull=True)

    @property
    def columns(self):
        return [
            self.title_column,
            Column("username", label="Handle", accessor="username"),
        ]


class MemberChooseView(_MemberListing, ChooseView):
    pass


class MemberChooseResultsView(_MemberListing, ChooseResultsView):
    pass


class MemberChooserViewSet(ChooserViewSet):
    model = "members.User"
    icon = "user"
    choose_one_text = "Choose a member"
    choose_another_text = "Choose another member"
    edit_item_text = "Change"
    choose_view_class = MemberChooseView
    choose_results_view_class = MemberChooseResultsView
    per_page = 20


member_chooser_viewset = MemberChooserViewSet("member_chooser", url_prefix="members/choose")
