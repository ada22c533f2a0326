"""Which notification targets a member may still see.

A notification keeps its text, but once its target is hidden, deleted or out of the member's
reach, the center shows it as unavailable. Content apps register a check per model from their
`apps.py`; the core knows nothing of them.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Notification

VisiblePks = Callable[[object, set[int]], Iterable[int]]

_checks: dict[type[models.Model], VisiblePks] = {}


def register_target(model: type[models.Model], visible_pks: VisiblePks) -> None:
    """`visible_pks(viewer, pks)` returns those of `pks` the viewer may open, in one query."""
    _checks[model] = visible_pks


def unavailable_ids(viewer, notifications: Iterable[Notification]) -> set[int]:
    """Ids of the notifications whose target the viewer can no longer see."""
    by_type: dict[int, list[Notification]] = defaultdict(list)
    for notification in notifications:
        if notification.target_type_id and notification.target_id:
            by_type[notification.target_type_id].append(notification)
    unavailable: set[int] = set()
    for type_id, group in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        check = _checks.get(model)
        if check is None:
            continue
        visible = set(check(viewer, {n.target_id for n in group}))
        unavailable.update(n.pk for n in group if n.target_id not in visible)
    return unavailable
