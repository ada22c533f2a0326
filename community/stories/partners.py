"""Onboarding a partner organisation: its own section under /stories/, a group whose members
may add and edit pages there and nowhere else, and a collection for its images and documents.

Partners get no publish permission: whatever they submit goes through the review workflow
that covers the stories section (see workflow.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Collection

from community.core.admin_rights import MEDIA_EDITING, grant_rights, permission
from community.members.models import User
from community.members.roles import Role
from community.members.selectors import members_by_email
from community.members.services import assign_role

from .pages import RESERVED_SLUGS, PartnerPage, StoryIndexPage

GROUP_PREFIX = "Partner: "
PAGE_PERMISSIONS = ("add_page", "change_page")


@dataclass(frozen=True)
class Onboarded:
    page: PartnerPage
    group: Group
    collection: Collection
    added_members: list[User]


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
    members = members_by_email(
        member_emails, when_missing="Partners sign up first; then onboard them."
    )
    index = StoryIndexPage.objects.first()
    if index is None:
        raise ValidationError("The stories section does not exist yet: run setup_site first.")

    group, _ = Group.objects.get_or_create(name=f"{GROUP_PREFIX}{name}"[:150])
    group.permissions.add(permission("wagtailadmin", "access_admin"))

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
    collection = page.collection
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=f"Partner: {name}")
        page.collection = collection
        page.save(update_fields=["collection"])
    grant_rights(
        group,
        page=page,
        page_codenames=PAGE_PERMISSIONS,
        collection=collection,
        collection_permissions=MEDIA_EDITING,
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
