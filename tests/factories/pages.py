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
    """A page added under `parent=` (or under the landing page of the subclass's `_section`) and
    published through a revision; `live=False` leaves a draft that was never published. Child
    rows and parental many-to-many fields (a chapter's `leaders`, a conference's `tracks`) are
    passed like any field and saved with the page."""

    class Meta:
        abstract = True

    # The section (its landing page class) the page goes in when no parent= is given; the
    # leading underscore keeps factory_boy from passing it to the model.
    _section: type[Page] | None = None

    slug = factory.LazyAttribute(lambda page: slugify(page.title))

    @classmethod
    def _create(cls, model_class, *args, parent=None, live=True, **kwargs):
        parent = parent or section_index(cls._section)
        page = parent.add_child(instance=model_class(*args, **kwargs))
        if not live:
            page.unpublish()
            return model_class.objects.get(pk=page.pk)
        return publish(page)

    @classmethod
    def _build(cls, model_class, *args, parent=None, live=True, **kwargs):
        return model_class(*args, live=live, **kwargs)
