"""The site's line icons, drawn from one SVG sprite.

Each icon is a small <svg> that points at a symbol of community/img/icons.svg with <use>, so a
page carries a line per icon instead of its shapes, and the browser fetches the shapes once.
"""

import re
from functools import cache, lru_cache

from django import template
from django.contrib.staticfiles import finders
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SPRITE = "community/img/icons.svg"
FALLBACK = "fallback"
SYMBOL_ID = re.compile(r'<symbol id="icon-([\w-]+)"')


@cache
def sprite_url() -> str:
    """The sprite's address, with the content hash when static files are hashed."""
    return static(SPRITE)


@cache
def known_icons() -> frozenset[str]:
    path = finders.find(SPRITE)
    with open(path, encoding="utf-8") as sprite:
        return frozenset(SYMBOL_ID.findall(sprite.read()))


@lru_cache(maxsize=1024)
def _markup(name: str, css_class: str) -> SafeString:
    symbol = name if name in known_icons() else FALLBACK
    classes = f"icon {conditional_escape(css_class)}" if css_class else "icon"
    # Decorative, as the inline icons were: the text or aria-label beside an icon names it.
    return mark_safe(
        f'<svg class="{classes}" viewBox="0 0 24 24" width="20" height="20" fill="none" '
        'stroke="currentColor" stroke-width="1.75" stroke-linecap="round" '
        'stroke-linejoin="round" aria-hidden="true" focusable="false">'
        f'<use href="{sprite_url()}#icon-{symbol}"/></svg>'
    )


@register.simple_tag
def icon(name: object, css_class: object = "") -> SafeString:
    """{% icon "search" %} or {% icon "close" "icon--small" %}: one icon of the sprite.

    An unknown name draws a plain circle, so a missing icon shows as a gap in the set, not an error.
    """
    return _markup(str(name or ""), str(css_class or ""))


@receiver(setting_changed)
def _forget_sprite_url(*, setting: str, **kwargs: object) -> None:
    if setting in {"STATIC_URL", "STORAGES", "STATICFILES_DIRS"}:
        sprite_url.cache_clear()
        known_icons.cache_clear()
        _markup.cache_clear()
