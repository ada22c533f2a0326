"""Template tags that show members: the avatar, the name with its badges, and profile sections.

The avatar and the name appear on every row of a list, so they are tags that return their
markup directly instead of rendering a template each.
"""

import html
from functools import lru_cache

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import slugify

from community.core.row_links import fast_reverse
from community.members.models import User

register = template.Library()

# Pixel sizes of the avatar in each place it appears; the CSS uses the same names.
AVATAR_SIZES = {"xs": 24, "sm": 32, "md": 40, "lg": 64, "xl": 128}
# Backgrounds for initials, all dark enough for white text at WCAG AA.
AVATAR_TONES = 8
# The line break the templates these tags replace ended with: between two avatars or a name and
# what follows, it is the space the layout was drawn with.
AFTER = "\n"


@register.simple_tag
def avatar(member: User, size: str = "md") -> SafeString:
    """A member's picture, or their initials on a tone picked from their id so it stays stable."""
    size = size if size in AVATAR_SIZES else "md"
    try:
        profile = member.profile
    except ObjectDoesNotExist:
        profile = None
    # Moderators can hide a profile's picture (and bio) after reports.
    picture = profile.avatar if profile is not None and profile.hidden_at is None else None
    if picture:
        pixels = AVATAR_SIZES[size]
        return format_html(
            '<img class="avatar avatar--{}" src="{}" alt="" width="{}" height="{}" '
            'loading="lazy" decoding="async">' + AFTER,
            size,
            picture.url,
            pixels,
            pixels,
        )
    if profile is not None:
        initials = profile.initials
    else:
        initials = (member.display_name or member.username)[:1].upper()
    # Drawn for every row and reply: the initials are escaped as format_html() would, without
    # its per-argument checks (the size and tone are ours).
    return SafeString(
        f'<span class="avatar avatar--{size} avatar--tone-{(member.pk or 0) % AVATAR_TONES}" '
        f'aria-hidden="true">{html.escape(initials)}</span>{AFTER}'
    )


@lru_cache(maxsize=64)
def role_badge(badge: str) -> SafeString:
    """A badge beside a name ("Moderator", "Advocate"...): text, so it never relies on colour."""
    return format_html(
        '<span class="role-badge role-badge--{}">{}</span>' + AFTER, slugify(badge), badge
    )


def profile_link(member: User) -> str:
    """The member's profile address, as User.get_absolute_url() gives it."""
    return fast_reverse("members:profile", handle=member.username)


@register.simple_tag
def member_name(member: User, url: str | None = None) -> SafeString:
    """A member's name linking to their profile, with their role, "Advocate" and "Certified" badges.

    The advocate badge shows while a published story names them, the certified one while they
    hold a certificate in force. `url` is the profile's address when the caller has built it.
    """
    badges = "".join(
        f" {role_badge(badge)}"
        for badge, shown in (
            (member.badge, member.badge),
            ("Advocate", member.is_advocate),
            ("Certified", member.is_certified),
        )
        if shown
    )
    # html.escape() is what conditional_escape() does to a plain string, without its lazy wrapper.
    url = html.escape(url or profile_link(member))
    name = html.escape(member.display_name or member.username)
    return SafeString(
        f'<span class="member-name"><a class="member-name__link" href="{url}">{name}</a>'
        f"{badges}</span>{AFTER}"
    )


@register.simple_tag(takes_context=True)
def profile_section(context: template.Context, section: dict) -> str:
    """Render a section another app added to the profile page, with its own context on top."""
    section_template = context.template.engine.get_template(section["template"])
    with context.push(**section):
        return section_template.render(context)
