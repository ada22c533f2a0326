from functools import partial

from django.http import HttpRequest

from .services import unread_count


def notification_bell(request: HttpRequest) -> dict:
    """The bell's unread count, counted only if the page shows the bell (templates call it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": partial(unread_count, user)}
