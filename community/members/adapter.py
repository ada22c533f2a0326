"""How allauth creates members: the display name becomes the public handle."""

from allauth.account.adapter import DefaultAccountAdapter

from .services import handle_from_name


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.display_name = form.cleaned_data.get("display_name", "").strip()
        return super().save_user(request, user, form, commit=commit)

    def get_signup_redirect_url(self, request) -> str:
        # A new member starts on the welcome page's first steps rather than on a page that
        # knows nothing about them yet.
        return "/welcome/"

    def populate_username(self, request, user) -> None:
        if not user.username:
            user.username = handle_from_name(user.display_name or user.email.split("@")[0])
