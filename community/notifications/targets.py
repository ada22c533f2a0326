"""Which notification targets a member may still see.

A notification keeps its text, but once its target is hidden, deleted or out of the member's
reach, the center shows it as unavailable. Who may open which rows is what each app declares in
its content descriptors (see `community.core.extensions`); the core knows nothing of the apps.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType

from community.core import extensions

from .models import Notification


def unavailable_ids(viewer, notifications: Iterable[Notification]) -> set[int]:
    """Ids of the notifications whose target the viewer can no longer see."""
    by_type: dict[int, list[Notification]] = defaultdict(list)
    for notification in notifications:
        if notification.target_type_id and notification.target_id:
            by_type[notification.target_type_id].append(notification)
    unavailable: set[int] = set()
    for type_id, group in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        descriptor = extensions.content_for(model)
        if descriptor is None or descriptor.openable is None:
            continue
        visible = descriptor.openable_pks(viewer, {n.target_id for n in group})
        unavailable.update(n.pk for n in group if n.target_id not in visible)
    return unavailable
