"""What stories put into the search index, and when it must look again.

A story or article is in the index while it is published and public; drafts, pages in review
and rejected pages never are. Publishing indexes it, unpublishing, deleting and making it
private take it out.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from community.search import (
    PageSearchType,
    SearchDocument,
    Tag,
    index_later,
    plain_text,
    remove_later,
)

from . import selectors
from .blocks import RICH_TEXT_BLOCKS
from .pages import PartnerPage, StoryKind, StoryPage
from .services import sync_advocates


def _body_text(story: StoryPage) -> str:
    parts = [story.summary]
    for child in story.body:
        if child.block_type in RICH_TEXT_BLOCKS:
            parts.append(plain_text(child.value.source))
        elif child.block_type == "quote":
            parts.append(f"{child.value['text']} {child.value['name']}")
        elif child.block_type == "metrics":
            parts.extend(f"{metric['value']} {metric['label']}" for metric in child.value)
    return " ".join(parts)


class StorySearch(PageSearchType):
    name = "story"
    model = StoryPage
    label = "Story"
    label_plural = "Stories"
    order = 30

    def documents(self, pks: list[int]) -> list[SearchDocument]:
        stories = list(
            selectors.published_stories()
            .filter(pk__in=pks)
            .select_related("industry", "region", "owner")
            .prefetch_related("tags")
        )
        selectors.attach_partners(stories)
        documents = []
        for story in stories:
            kind = StoryKind(story.kind).label
            context = story.partner.title if story.partner else story.customer_name
            documents.append(
                SearchDocument(
                    kind=self.name,
                    object_id=story.pk,
                    title=story.title,
                    body=_body_text(story),
                    heading=story.title,
                    context=f"{kind} · {context}" if context else kind,
                    url=story.get_url() or "",
                    created_at=story.first_published_at,
                    author_id=story.owner_id,
                    author_name=str(story.owner) if story.owner_id else "",
                    tags=[Tag(tag.slug, tag.name) for tag in story.tags.all()],
                    industry=story.industry.slug if story.industry_id else "",
                    region=story.region.code.lower() if story.region_id else "",
                    audience=story.audience,
                )
            )
        return documents


def _published(sender, instance, **kwargs) -> None:
    if isinstance(instance, StoryPage):
        index_later(instance)
        sync_advocates()
    elif isinstance(instance, PartnerPage):
        # Stories show their partner's name.
        index_later(*StoryPage.objects.child_of(instance).live())


def _gone(sender, instance, **kwargs) -> None:
    if isinstance(instance, StoryPage):
        remove_later(instance)
        sync_advocates()


def _moved(sender, instance, **kwargs) -> None:
    # The address changed; so did the partner a story sits under, perhaps.
    specific = instance.specific
    if isinstance(specific, StoryPage):
        index_later(specific)
    elif isinstance(specific, PartnerPage):
        index_later(*StoryPage.objects.descendant_of(specific).live())


def _restriction_changed(sender, instance, **kwargs) -> None:
    # A page made private (or public again) takes its stories out of the index (or back),
    # and its advocates' badges with them.
    index_later(*StoryPage.objects.descendant_of(instance.page, inclusive=True))
    sync_advocates()


def connect_signals() -> None:
    post_save.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="stories_restricted"
    )
    post_delete.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="stories_unrestricted"
    )
    page_published.connect(_published, dispatch_uid="stories_page_published")
    page_unpublished.connect(_gone, dispatch_uid="stories_page_unpublished")
    post_delete.connect(_gone, dispatch_uid="stories_page_deleted")
    post_page_move.connect(_moved, dispatch_uid="stories_page_moved")
