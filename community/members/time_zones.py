"""IANA time zones: the ones a member or an editor may pick, and the check that a stored name is
one of them. Pages show times in the member's zone when their profile names one."""

from functools import cache
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError


@cache
def zone_names() -> frozenset[str]:
    # available_timezones() walks the tz database on every call: once per process is enough.
    return frozenset(available_timezones())


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """("America/New_York", "America/New York"), sorted by name, for a select."""
    return [(name, name.replace("_", " ")) for name in sorted(zone_names())]


def validate_time_zone(value: str) -> None:
    if value not in zone_names():
        raise ValidationError(
            f"“{value}” is not an IANA time zone such as Europe/Paris.", code="unknown_time_zone"
        )
