"""Reads of members shaped for the pages that show them."""

from django.db.models import Count, QuerySet

from .models import Industry, Region, User


def members_with_profile() -> QuerySet[User]:
    """Members with everything a name card shows (profile, segment, role badge) loaded."""
    return (
        User.objects.filter(is_active=True)
        .select_related("profile", "profile__industry", "profile__country__region")
        .prefetch_related("groups")
    )


def member_by_handle(handle: str) -> User:
    return members_with_profile().get(username__iexact=handle)


def community_stats() -> dict[str, int]:
    """Head counts for the home page."""
    return {
        "members": User.objects.filter(is_active=True).count(),
        "industries": Industry.objects.filter(profiles__isnull=False).distinct().count(),
        "regions": Region.objects.filter(countries__profiles__isnull=False).distinct().count(),
    }


def members_per_region() -> QuerySet[Region]:
    return Region.objects.annotate(member_count=Count("countries__profiles")).order_by("sort_order")
