"""Authentication backends that load a member together with their profile.

Every signed-in page shows the member's avatar and name and most filter by their segment, so
reading the profile (and its country) in the same query as the user saves one query per page.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from .models import User


def _member_with_profile(backend: ModelBackend, user_id) -> User | None:
    # get(), not filter().first(): first() orders and slices a copy of the query, a third of
    # the cost of loading the member on every signed-in request.
    try:
        user = User.objects.select_related("profile__country").get(pk=user_id)
    except User.DoesNotExist:
        return None
    return user if backend.user_can_authenticate(user) else None


class MemberModelBackend(ModelBackend):
    def get_user(self, user_id):
        return _member_with_profile(self, user_id)


class MemberAccountBackend(AuthenticationBackend):
    """allauth's e-mail sign-in, loading members the same way."""

    def get_user(self, user_id):
        return _member_with_profile(self, user_id)
