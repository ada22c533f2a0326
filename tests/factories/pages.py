"""Wagtail pages as the site has them: its section landing pages, and publishing as editors do."""

from typing import TypeVar

from wagtail.models import Page

from community.home.site_setup import ensure_site_tree

P = TypeVar("P", bound=Page)


def section_index(page_class: type[P]) -> P:
    """A section's landing page (/forums/, /events/, /learning/), creating the site tree when
    the test has none yet."""
    index = page_class.objects.first()
    if index is None:
        ensure_site_tree()
        index = page_class.objects.get()
    return index


def publish(page: P) -> P:
    """Publish the page's current state through a revision, as the admin's "Publish" does, so
    the publish hooks run."""
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)
