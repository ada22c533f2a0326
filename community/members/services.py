"""Every write to members and their profiles."""

import unicodedata
from dataclasses import dataclass

from anyascii import anyascii
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from community.core.markdown import render_markdown

from .avatars import normalise_avatar
from .models import Audience, Country, Industry, Profile, User
from .roles import DEFAULT_ROLE, Role
from .time_zones import validate_time_zone


@dataclass(frozen=True)
class Segment:
    """The segment fields a member gives at sign-up and can change on their profile."""

    industry: Industry
    country: Country
    audience: str = Audience.B2B
    company: str = ""
    job_title: str = ""


def handle_from_name(display_name: str, *, taken=None) -> str:
    """A free handle derived from a display name: "Ana Souza" -> "ana-souza", then "ana-souza-2".

    Handles stay ASCII (they are typed after "@" in mentions), so names in other scripts are
    transliterated: "Ана Соуза" -> "ana-souza", "王伟" -> "wangwei". Symbols and emoji are
    dropped first, or they would be spelled out (":rocket:")."""
    words = "".join(ch for ch in display_name if unicodedata.category(ch)[0] in "LNMZ" or ch == "-")
    base = slugify(anyascii(words))[:32].strip("-_") or "member"
    is_taken = taken or (lambda handle: User.objects.filter(username__iexact=handle).exists())
    candidate, suffix = base, 1
    while is_taken(candidate):
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def assign_role(*, user: User, role: Role) -> None:
    """Give a member a role (a group); other roles they hold are kept."""
    group = Group.objects.get(name=role.value)
    user.groups.add(group)
    user.__dict__.pop("role_names", None)


def remove_role(*, user: User, role: Role) -> None:
    user.groups.remove(*Group.objects.filter(name=role.value))
    user.__dict__.pop("role_names", None)


def _apply_segment(profile: Profile, segment: Segment) -> None:
    profile.industry = segment.industry
    profile.country = segment.country
    profile.audience = segment.audience
    profile.company = segment.company.strip()
    profile.job_title = segment.job_title.strip()


@transaction.atomic
def complete_signup(*, user: User, segment: Segment) -> Profile:
    """Record a new member's segment and give them the default role."""
    profile, _ = Profile.objects.get_or_create(user=user)
    _apply_segment(profile, segment)
    profile.save()
    assign_role(user=user, role=DEFAULT_ROLE)
    return profile


@transaction.atomic
def update_profile(
    *,
    user: User,
    display_name: str,
    segment: Segment,
    bio: str,
    avatar=None,
    clear_avatar: bool = False,
    time_zone: str | None = None,
) -> Profile:
    """Save what a member changed on their profile; the bio is rendered once, here.
    `time_zone` None leaves the member's zone as it is; "" clears it."""
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])
    profile = user.profile
    _apply_segment(profile, segment)
    profile.bio = bio.strip()
    profile.bio_html = render_markdown(profile.bio) if profile.bio else ""
    if time_zone is not None:
        if time_zone:  # the form checked it; callers without one (scripts) are checked here
            validate_time_zone(time_zone)
        profile.time_zone = time_zone
    previous_avatar = profile.avatar.name if profile.avatar else ""
    if clear_avatar:
        profile.avatar = None
    if avatar:
        picture = normalise_avatar(avatar)
        profile.avatar.save(picture.name, picture, save=False)
    profile.save()
    if previous_avatar and previous_avatar != (profile.avatar.name if profile.avatar else ""):
        storage = profile.avatar.storage
        # Only once the new state is committed: a rolled-back save keeps its old picture.
        transaction.on_commit(lambda: storage.delete(previous_avatar))
    return profile
