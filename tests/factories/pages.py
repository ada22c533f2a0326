"""Wagtail pages as the site has them: its section landing pages, and publishing as editors do."""

from typing import TypeVar

import factory
from django.utils.text import slugify
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


def publish(page: P, user=None) -> P:
    """Publish the page's current state through a revision, as the admin's "Publish" does (by
    `user`, when given), so the publish hooks run."""
    page.save_revision(user=user).publish(user=user)
    return page.specific_class.objects.get(pk=page.pk)


class PageFactory(factory.Factory):
    """A page added under `parent=` (or under the section's landing page the subclass names in
    `default_parent`) and published through a revision; `live=False` leaves a draft that was
    never published. Child rows and parental many-to-many fields (a chapter's `leaders`, a
    conference's `tracks`) are passed like any field and saved with the page."""

    class Meta:
        abstract = True

    slug = factory.LazyAttribute(lambda page: slugify(page.title))

    @classmethod
    def default_parent(cls) -> Page:
        raise TypeError(f"{cls.__name__} needs a parent=")

    @classmethod
    def _create(cls, model_class, *args, parent=None, live=True, **kwargs):
        page = (parent or cls.default_parent()).add_child(instance=model_class(*args, **kwargs))
        if not live:
            page.unpublish()
            return model_class.objects.get(pk=page.pk)
        return publish(page)

    @classmethod
    def _build(cls, model_class, *args, parent=None, live=True, **kwargs):
        return model_class(*args, live=live, **kwargs)
