"""The one way any app tells members about something: `notify()`."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from community.members.models import User

from .kinds import Kind
from .models import Notification


def notify(
    *,
    kind: Kind,
    recipients: Iterable[User | int],
    text: str,
    url: str = "",
    actor: User | None = None,
    target: models.Model | None = None,
) -> list[Notification]:
    """Record one notification per recipient in a single bulk insert; the actor is never notified."""
    actor_id = actor.pk if actor else None
    recipient_ids = {getattr(recipient, "pk", recipient) for recipient in recipients} - {actor_id}
    if not recipient_ids:
        return []
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    return Notification.objects.bulk_create(
        Notification(
            recipient_id=recipient_id,
            actor_id=actor_id,
            kind=kind.value,
            text=text[:300],
            url=url,
            target_type=target_type,
            target_id=target.pk if target is not None else None,
        )
        for recipient_id in sorted(recipient_ids)
    )
