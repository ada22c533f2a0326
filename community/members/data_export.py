"""A member's own data as JSON. Apps add what they hold about the member as `exporters` in their
contributions module (see `community.core.extensions`)."""

from typing import Any

from community.core import extensions

from .models import User


def export_member(member: User) -> dict[str, Any]:
    """Everything the community keeps that the member wrote or said about themselves."""
    profile = member.profile
    data: dict[str, Any] = {
        "account": {
            "handle": member.username,
            "display_name": member.display_name,
            "email": member.email,
            "joined": member.date_joined.isoformat(),
            "roles": sorted(group.name for group in member.groups.all()),
        },
        "profile": {
            "industry": str(profile.industry or ""),
            "country": str(profile.country or ""),
            "region": str(profile.region or ""),
            "audience": profile.get_audience_display(),
            "company": profile.company,
            "job_title": profile.job_title,
            "time_zone": profile.time_zone,
            "bio": profile.bio,
            "reputation": profile.reputation,
        },
    }
    for name, exporter in sorted(extensions.exporters().items()):
        data[name] = exporter(member)
    return data
