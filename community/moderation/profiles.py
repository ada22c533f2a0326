"""Member profiles can be reported; hiding one hides its picture and bio.

This lives in moderation, not members: moderation reads members, never the other way round.
"""

from collections.abc import Iterable

from django.utils import timezone

from community.members.models import Profile, User

from .registry import Moderatable


class ProfileModeration(Moderatable):
    model = User

    def author(self, item: User) -> User:
        return item

    def title(self, item: User) -> str:
        return f"Profile of {item.display_name or item.username}"

    def excerpt(self, item: User) -> str:
        return item.profile.bio[:280]

    def is_visible(self, item: User) -> bool:
        return item.profile.hidden_at is None

    def hide(self, item: User) -> None:
        Profile.objects.filter(user=item).update(hidden_at=timezone.now())

    def restore(self, item: User) -> None:
        Profile.objects.filter(user=item).update(hidden_at=None)

    delete = hide
    can_delete = False

    def hide_everything_by(self, member: User) -> int:
        return Profile.objects.filter(user=member, hidden_at__isnull=True).update(
            hidden_at=timezone.now()
        )

    def approve(self, item: User) -> None:
        self.restore(item)

    def load(self, pks: Iterable[int]) -> dict[int, User]:
        return User.objects.select_related("profile").in_bulk(list(pks))

    def body_html(self, item: User) -> str:
        return item.profile.bio_html
