"""Template tags that show members: the avatar, and the sections other apps add to a profile."""

from django import template
from django.core.exceptions import ObjectDoesNotExist

from community.members.models import User

register = template.Library()

# Pixel sizes of the avatar in each place it appears; the CSS uses the same names.
AVATAR_SIZES = {"xs": 24, "sm": 32, "md": 40, "lg": 64, "xl": 128}
# Backgrounds for initials, all dark enough for white text at WCAG AA.
AVATAR_TONES = 8


@register.inclusion_tag("includes/avatar.html")
def avatar(member: User, size: str = "md") -> dict:
    """A member's picture, or their initials on a tone picked from their id so it stays stable."""
    size = size if size in AVATAR_SIZES else "md"
    try:
        profile = member.profile
    except ObjectDoesNotExist:
        profile = None
    # Moderators can hide a profile's picture (and bio) after reports.
    picture = profile.avatar if profile is not None and profile.hidden_at is None else None
    name = member.display_name or member.username
    return {
        "url": picture.url if picture else "",
        "initials": profile.initials if profile is not None else name[:1].upper(),
        "size": size,
        "pixels": AVATAR_SIZES[size],
        "tone": (member.pk or 0) % AVATAR_TONES,
    }


@register.simple_tag(takes_context=True)
def profile_section(context: template.Context, section: dict) -> str:
    """Render a section another app added to the profile page, with its own context on top."""
    section_template = context.template.engine.get_template(section["template"])
    with context.push(**section):
        return section_template.render(context)
