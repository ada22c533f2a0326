"""The Wagtail admin's user screens, speaking of display names instead of first and last names."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

MEMBER_FIELDS = {"username", "email", "display_name", "is_superuser", "groups"}


class MemberCreationForm(UserCreationForm):
    first_name = None
    last_name = None
    display_name = forms.CharField(max_length=80, label="Display name")

    class Meta(UserCreationForm.Meta):
        fields = MEMBER_FIELDS


class MemberEditForm(UserEditForm):
    first_name = None
    last_name = None
    display_name = forms.CharField(max_length=80, label="Display name")

    class Meta(UserEditForm.Meta):
        fields = MEMBER_FIELDS | {"is_active"}


class MemberViewSet(UserViewSet):
    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return MemberEditForm if for_update else MemberCreationForm
