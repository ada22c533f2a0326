from django import template

from community.notifications.kinds import kind_info

register = template.Library()


@register.filter
def kind_icon(kind: str) -> str:
    """The icon of a notification's kind, as the app that sends it declares it."""
    try:
        return kind_info(kind).icon
    except LookupError:
        return "bell"
