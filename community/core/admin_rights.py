"""Giving a group of members rights in the Wagtail admin: on a page and the pages below it, and
on a collection of images and documents. Partners, chapter leaders and community managers all
get theirs this way."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

# Uploading, changing and choosing the images and documents of a collection.
MEDIA_EDITING = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


def permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_rights(
    group: Group,
    *,
    page: Page,
    page_codenames: Iterable[str],
    collection: Collection,
    collection_permissions: Iterable[tuple[str, str]],
) -> None:
    """Give the group these page permissions on `page` (and so below it) and these permissions
    on `collection`. Idempotent: rights the group holds already are left as they are."""
    for codename in page_codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission("wagtailcore", codename)
        )
    for app_label, codename in collection_permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission(app_label, codename)
        )
