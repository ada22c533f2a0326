"""Writes of the open-to-work card: only its member changes it."""

from django.db import transaction
from django.utils import timezone

from community.core.standing import ensure_can_participate
from community.members.models import Country, User

from ..application_models import OpenToWork

MAX_COUNTRIES = 10


def set_open_to_work(
    *,
    member: User,
    roles: str,
    places: str,
    countries: list[Country],
    remote_ok: bool,
    visible: bool = True,
) -> OpenToWork:
    """Say (or change) what the member is looking for; employers see it while it is visible."""
    ensure_can_participate(member)
    with transaction.atomic():
        card, _ = OpenToWork.objects.update_or_create(
            member=member,
            defaults={
                "roles": " ".join(roles.split()),
                "places": " ".join(places.split()),
                "remote_ok": remote_ok,
                "visible": visible,
                "updated_at": timezone.now(),
            },
        )
        card.countries.set(countries[:MAX_COUNTRIES])
    return card


def stop_open_to_work(*, member: User) -> None:
    """Take the card down for good (employers no longer see it; nothing of it is kept)."""
    OpenToWork.objects.filter(member=member).delete()
