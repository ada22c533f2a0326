"""Keeping a content app's pages in the index as editors publish, unpublish and delete them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

if TYPE_CHECKING:
    # Models load after this package: the search app is imported while Django starts.
    from wagtail.models import Page


def keep_pages_indexed(
    *models: type[Page], children: tuple[type[Page], type[Page]] | None = None
) -> None:
    """Index these page types when published; take them out when unpublished or deleted.

    `children=(ParentPage, ChildPage)`: the child pages show something of their parent (its
    title, its level), so publishing a parent indexes its live children again, and
    unpublishing it takes them out with it.

    Wagtail names the page's own class as the sender, so a subclass (a conference is an
    event) is listed too.
    """
    from . import index_later, remove_later

    def children_of(page: Page, *, live: bool) -> list[Page]:
        if children is None or not isinstance(page, children[0]):
            return []
        pages = children[1].objects.child_of(page)
        return list(pages.live() if live else pages)

    def published(sender, instance, **kwargs) -> None:
        index_later(instance, *children_of(instance, live=True))

    def unpublished(sender, instance, **kwargs) -> None:
        remove_later(instance, *children_of(instance, live=False))

    def deleted(sender, instance, **kwargs) -> None:
        remove_later(instance)

    # The receivers live in this call: held strongly, or they would be collected at its end.
    for model in models:
        label = model._meta.model_name
        page_published.connect(
            published, sender=model, weak=False, dispatch_uid=f"search_{label}_published"
        )
        page_unpublished.connect(
            unpublished, sender=model, weak=False, dispatch_uid=f"search_{label}_unpublished"
        )
        post_delete.connect(
            deleted, sender=model, weak=False, dispatch_uid=f"search_{label}_deleted"
        )
