"""Reads of members shaped for the pages that show them."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

from .models import Profile, User


def members_with_profile() -> QuerySet[User]:
    """Members with everything a name card shows (profile, segment, role badge) loaded."""
    return (
        User.objects.filter(is_active=True)
        .select_related("profile", "profile__industry", "profile__country__region")
        .prefetch_related("groups")
    )


def members_by_email(emails: Iterable[str], *, when_missing: str) -> list[User]:
    """The members with these e-mail addresses (matched case-insensitively), for the admin
    forms that name people by address. An address no member has is refused, naming it and
    saying `when_missing` (what to do about it)."""
    wanted = {email.strip().lower() for email in emails if email.strip()}
    if not wanted:
        return []
    matches = Q()
    for email in wanted:
        matches |= Q(email__iexact=email)
    found = {user.email.lower(): user for user in User.objects.filter(matches)}
    missing = sorted(wanted - set(found))
    if missing:
        raise ValidationError(
            f"No member has the e-mail address {', '.join(missing)}. {when_missing}"
        )
    return list(found.values())


def member_by_handle(handle: str) -> User:
    return members_with_profile().get(username__iexact=handle)


def community_stats() -> dict[str, int]:
    """Head counts for the home page, in one query."""
    return Profile.objects.filter(user__is_active=True).aggregate(
        members=Count("pk"),
        industries=Count("industry", distinct=True),
        regions=Count("country__region", distinct=True),
    )


def segment_of(user) -> dict:
    """The member's industry, region and audience ids.

    Loads the profile with its country once per request and keeps it on the user, so the page
    header (avatar, name) reuses it instead of querying again.
    """
    if not user.is_authenticated:
        return {"industry_id": None, "region_id": None, "audience": ""}
    profile = user._state.fields_cache.get("profile")
    if profile is None or "country" not in profile._state.fields_cache:
        profile = Profile.objects.select_related("country").filter(user=user).first()
        if profile is None:
            return {"industry_id": None, "region_id": None, "audience": ""}
        user.profile = profile
    return {
        "industry_id": profile.industry_id,
        "region_id": profile.country.region_id if profile.country_id else None,
        "audience": profile.audience,
    }
