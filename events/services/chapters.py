"""Chapters: members joining and leaving, and the leaders who run them.

A chapter's leaders are the members its page names (`ChapterPage.leaders`, published by a
community manager). Their rights come from the chapter's own group, which this module keeps in
step with the published page: access to the admin, add, edit and publish on the chapter's page
tree (its events), and its own collection for cover images.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from wagtail.models import Collection

from community.core.admin_rights import grant_rights, permission
from community.members.models import User
from community.members.selectors import members_by_email

from .. import permissions
from ..models import ChapterMembership
from ..pages import ChapterPage

GROUP_PREFIX = "Chapter leaders: "
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


def join(*, chapter: ChapterPage, member) -> ChapterMembership:
    """The member joins (and so follows) the chapter. Idempotent."""
    permissions.ensure_can_join_chapter(member)
    try:
        with transaction.atomic():
            membership, _ = ChapterMembership.objects.get_or_create(chapter=chapter, member=member)
    except IntegrityError:
        # The same member's other click got there first.
        membership = ChapterMembership.objects.get(chapter=chapter, member=member)
    return membership


def leave(*, chapter: ChapterPage, member) -> bool:
    """The member leaves the chapter; False when they were not in it. Always allowed."""
    deleted, _ = ChapterMembership.objects.filter(chapter=chapter, member=member).delete()
    return bool(deleted)


def member_ids(chapter: ChapterPage) -> list[int]:
    return list(
        ChapterMembership.objects.filter(chapter=chapter).values_list("member_id", flat=True)
    )


def _group_name(chapter: ChapterPage) -> str:
    # The id keeps two chapters of the same name (or a renamed one) apart.
    return f"{GROUP_PREFIX}{chapter.title} #{chapter.pk}"[:150]


@transaction.atomic
def sync_leader_group(chapter: ChapterPage) -> Group:
    """Make the chapter's group hold exactly its published leaders, with the page and collection
    permissions the leaders need. Idempotent; called whenever a chapter is published."""
    group = chapter.leader_group
    if group is None:
        group, _ = Group.objects.get_or_create(name=_group_name(chapter))
        ChapterPage.objects.filter(pk=chapter.pk).update(leader_group=group)
        chapter.leader_group = group
    elif group.name != _group_name(chapter):
        group.name = _group_name(chapter)
        group.save(update_fields=["name"])
    group.permissions.add(permission("wagtailadmin", "access_admin"))
    grant_rights(
        group,
        page=chapter,
        page_codenames=PAGE_PERMISSIONS,
        collection=_collection_for(chapter),
        collection_permissions=COLLECTION_PERMISSIONS,
    )
    leader_ids = set(
        ChapterPage.leaders.through.objects.filter(chapterpage_id=chapter.pk).values_list(
            "user_id", flat=True
        )
    )
    in_group = set(group.user_set.values_list("pk", flat=True))
    if leader_ids - in_group:
        group.user_set.add(*leader_ids - in_group)
    if in_group - leader_ids:
        group.user_set.remove(*in_group - leader_ids)
    return group


def _collection_for(chapter: ChapterPage) -> Collection:
    name = f"Chapter: {chapter.title} #{chapter.pk}"[:255]
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(
        name__endswith=f" #{chapter.pk}", name__startswith="Chapter: "
    )
    collection = existing.first()
    if collection is None:
        collection = root.add_child(name=name)
    return collection


@transaction.atomic
def make_leaders(*, chapter: ChapterPage, member_emails: Iterable[str], by=None) -> list[User]:
    """Name members leaders of the chapter: publish the chapter with them among its leaders
    (so the page and their rights agree), which gives them its events to run. Returns those
    newly named; running it again changes nothing."""
    if by is not None:
        permissions.ensure_can_manage_chapters(by)
    members = members_by_email(member_emails, when_missing="Leaders sign up first.")
    chapter = ChapterPage.objects.get(pk=chapter.pk)
    current = set(chapter.leaders.values_list("pk", flat=True))
    added = [member for member in members if member.pk not in current]
    if added:
        chapter.leaders.add(*added)
        chapter.save_revision(user=by, log_action=True).publish(user=by)
    else:
        sync_leader_group(chapter)
    return added


@transaction.atomic
def remove_leader(*, chapter: ChapterPage, member: User, by=None) -> bool:
    if by is not None:
        permissions.ensure_can_manage_chapters(by)
    chapter = ChapterPage.objects.get(pk=chapter.pk)
    if not chapter.leaders.filter(pk=member.pk).exists():
        return False
    chapter.leaders.remove(member)
    chapter.save_revision(user=by, log_action=True).publish(user=by)
    return True


def chapters_led_by(member: User) -> list[ChapterPage]:
    return list(ChapterPage.objects.filter(leaders=member).order_by("title"))
