"""Onboarding a partner organisation: its own section under /stories/, a group whose members
may add and edit pages there and nowhere else, and a collection for its images and documents.

Partners get no publish permission: whatever they submit goes through the review workflow
that covers the stories section (see workflow.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from community.members.models import User
from community.members.roles import Role
from community.members.services import assign_role

from .pages import RESERVED_SLUGS, PartnerPage, StoryIndexPage

GROUP_PREFIX = "Partner: "
PAGE_PERMISSIONS = ("add_page", "change_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


@dataclass(frozen=True)
class Onboarded:
    page: PartnerPage
    group: Group
    collection: Collection
    added_members: list[User]


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _members_by_email(emails: Iterable[str]) -> list[User]:
    wanted = {email.strip().lower() for email in emails if email.strip()}
    if not wanted:
        return []
    matches = Q()
    for email in wanted:
        matches |= Q(email__iexact=email)
    found = {user.email.lower(): user for user in User.objects.filter(matches)}
    missing = sorted(wanted - set(found))
    if missing:
        raise ValidationError(
            f"No member has the e-mail address {', '.join(missing)}. "
            "Partners sign up first; then onboard them."
        )
    return list(found.values())


@transaction.atomic
def onboard_partner(
    *,
    name: str,
    member_emails: Iterable[str] = (),
    summary: str = "",
    website: str = "",
) -> Onboarded:
    """Create (or complete) a partner's section, group and collection; add the members.

    Running it again for the same partner adds members and repairs missing permissions,
    and changes nothing else.
    """
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Give the partner organisation's name.")
    members = _members_by_email(member_emails)
    index = StoryIndexPage.objects.first()
    if index is None:
        raise ValidationError("The stories section does not exist yet: run setup_site first.")

    group, _ = Group.objects.get_or_create(name=f"{GROUP_PREFIX}{name}"[:150])
    group.permissions.add(_permission("wagtailadmin", "access_admin"))

    page = PartnerPage.objects.filter(editors=group).first()
    if page is None:
        page = index.add_child(
            instance=PartnerPage(
                title=name,
                slug=_free_slug(index, name),
                summary=summary[:300],
                website=website,
                editors=group,
            )
        )
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", codename)
        )

    collection = page.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=f"Partner: {name}")
        page.collection = collection
        page.save(update_fields=["collection"])
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )

    added = []
    for member in members:
        if not member.groups.filter(pk=group.pk).exists():
            member.groups.add(group)
            added.append(member)
        assign_role(user=member, role=Role.PARTNER)
    return Onboarded(page=page, group=group, collection=collection, added_members=added)


def _free_slug(index: StoryIndexPage, name: str) -> str:
    base = slugify(name)[:50].strip("-") or "partner"
    if base in RESERVED_SLUGS:
        base = f"{base}-partner"
    taken = set(index.get_children().values_list("slug", flat=True))
    slug, suffix = base, 1
    while slug in taken:
        suffix += 1
        slug = f"{base}-{suffix}"
    return slug


def partner_sections_of(member: User) -> list[PartnerPage]:
    """The partner sections a member can write in."""
    return list(PartnerPage.objects.filter(editors__user=member).order_by("title"))


def writes_for_a_partner(member: User) -> bool:
    """The member edits at least one partner section. No query once the member's groups are
    loaded (the role badges load them on every page)."""
    return any(name.startswith(GROUP_PREFIX) for name in member.role_names)
