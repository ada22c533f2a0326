"""Badge groups (see `roles`): the app that awards a badge says who holds it, and this keeps the
group's members in step with that."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


def sync_badge_group(
    group: Group, holders: set[int], *, among: Iterable[int] | None = None
) -> None:
    """Make the members with ids in `holders` exactly the group's members: add the missing ones,
    take out the others. With `among`, only those member ids are looked at; the group's other
    members stay as they are."""
    memberships = get_user_model().groups.through.objects
    current = memberships.filter(group=group)
    if among is not None:
        current = current.filter(user_id__in=among)
    have = set(current.values_list("user_id", flat=True))
    if have - holders:
        memberships.filter(group=group, user_id__in=have - holders).delete()
    if holders - have:
        memberships.bulk_create(
            [memberships.model(group=group, user_id=pk) for pk in holders - have],
            ignore_conflicts=True,
        )
