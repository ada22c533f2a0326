"""RSS and Atom feeds of published stories, for the whole section and per tag."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from . import selectors
from .models import StoryTag
from .pages import StoryIndexPage, StoryPage

FEED_SIZE = 20


class StoriesRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, index: StoryIndexPage, tag: str | None = None, **kwargs):
        self.request = request
        self.index = index
        return super().__call__(request, *args, tag=tag, **kwargs)

    def get_object(self, request, tag: str | None = None) -> StoryTag | None:
        if tag is None:
            return None
        found = selectors.published_tag(tag)
        if found is None:
            raise Http404("No story is tagged like that.")
        return found

    def title(self, tag: StoryTag | None) -> str:
        site = self.index.get_site()
        site_name = site.site_name if site and site.site_name else "Community"
        return f"{site_name} stories" + (f" tagged “{tag.name}”" if tag else "")

    def link(self, tag: StoryTag | None) -> str:
        base = self.index.get_url(self.request) or "/"
        return f"{base}?tag={tag.slug}" if tag else base

    def description(self, tag: StoryTag | None) -> str:
        return self.index.lead or "Customer success stories and partner articles."

    def items(self, tag: StoryTag | None) -> list[StoryPage]:
        stories = selectors.published_stories()
        if tag is not None:
            stories = stories.filter(tagged_items__tag=tag)
        stories = list(
            stories.prefetch_related("tags").order_by("-first_published_at", "-pk")[:FEED_SIZE]
        )
        selectors.attach_partners(stories)
        return stories

    def item_title(self, story: StoryPage) -> str:
        return story.title

    def item_description(self, story: StoryPage) -> str:
        return story.summary

    def item_link(self, story: StoryPage) -> str:
        return story.get_url(self.request)

    def item_pubdate(self, story: StoryPage):
        return story.first_published_at

    def item_updateddate(self, story: StoryPage):
        return story.last_published_at or story.first_published_at

    def item_author_name(self, story: StoryPage) -> str:
        return story.partner.title if story.partner else ""

    def item_categories(self, story: StoryPage) -> list[str]:
        return [tag.name for tag in story.tags.all()]


class StoriesAtomFeed(StoriesRssFeed):
    feed_type = Atom1Feed
    subtitle = StoriesRssFeed.description
