"""Story pages editors and partners arrange in Wagtail: the stories index at /stories/, one
section per partner organisation, and the stories and articles inside them.

Thin on purpose: fields, panels and routes. Listings are in `selectors.py`, the rules in
`services.py` and `partners.py`, the views in `views.py`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.search import index

from community.core.pages import SectionIndexPage
from community.core.rich_text import clean_rich_text
from community.core.slugs import UnicodeSlugConverter  # noqa: F401  (registers `uslug` for the routes)
from community.members.models import Audience

from .blocks import RICH_TEXT_BLOCKS, RICH_TEXT_FEATURES, story_body_blocks

# Paths under /stories/ that belong to the index's own routes, so no page may take them.
RESERVED_SLUGS = {"feed", "tags", "recommend"}


class StoryKind(models.TextChoices):
    STORY = "story", "Customer story"
    HOW_TO = "how_to", "How-to"
    ANNOUNCEMENT = "announcement", "Announcement"


class ArticleType(models.TextChoices):
    HOW_TO = StoryKind.HOW_TO.value, StoryKind.HOW_TO.label
    ANNOUNCEMENT = StoryKind.ANNOUNCEMENT.value, StoryKind.ANNOUNCEMENT.label


class CleanRichTextMixin:
    """Cleans the page's rich text before every save and revision (see core.rich_text)."""

    rich_text_fields: tuple[str, ...] = ()
    stream_fields: tuple[str, ...] = ()

    def clean_rich_text(self) -> None:
        for name in self.rich_text_fields:
            setattr(self, name, clean_rich_text(getattr(self, name)))
        for name in self.stream_fields:
            for child in getattr(self, name):
                if child.block_type in RICH_TEXT_BLOCKS and child.value is not None:
                    child.value = RichText(clean_rich_text(child.value.source))

    def full_clean(self, *args, **kwargs):
        # Page.save_revision() validates through here, so drafts are clean as well.
        self.clean_rich_text()
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.clean_rich_text()
        return super().save(*args, **kwargs)


class KeepPublishedMixin:
    """A save made from a copy of the page read before its latest publication cannot undo it.

    Wagtail's editor writes a draft page's whole row, `live` included, as it read it when the
    request began. When a community manager approves while such a save is on its way (an
    editor tab autosaving, a second click), that write would quietly take the approved story
    offline again. The editor's changes still become a new draft revision (Wagtail saves one
    right after); only the published row is kept as it is.
    """

    def save(self, *args, **kwargs):
        if self._overtaken_by_publication(kwargs.get("update_fields")):
            published = Page.objects.get(pk=self.pk)
            for name in ("live", "live_revision_id", "first_published_at", "last_published_at"):
                setattr(self, name, getattr(published, name))
            self.has_unpublished_changes = True
            kwargs["update_fields"] = ["has_unpublished_changes"]
        return super().save(*args, **kwargs)

    def _overtaken_by_publication(self, update_fields) -> bool:
        if self.pk is None or self.live or update_fields is not None:
            return False
        row = Page.objects.filter(pk=self.pk).values("live", "last_published_at").first()
        # A person unpublishing works on a copy read after the publication, so it passes.
        return bool(row and row["live"] and row["last_published_at"] != self.last_published_at)


def _check_slug(page: Page) -> None:
    if page.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": f'"{page.slug}" is used by the stories section itself.'})


class StoryIndexPage(RoutablePageMixin, SectionIndexPage):
    """/stories/: published stories and articles with filters, and their feeds."""

    template = "stories/story_index_page.html"
    subpage_types = ["stories.StoryPage", "stories.ArticlePage", "stories.PartnerPage"]

    class Meta:
        verbose_name = "stories index"

    @path("")
    def listing(self, request):
        from . import views

        return views.story_index(request, index=self)

    @path("feed/")
    def rss_feed(self, request):
        from . import feeds

        return feeds.StoriesRssFeed()(request, index=self)

    @path("feed/atom/")
    def atom_feed(self, request):
        from . import feeds

        return feeds.StoriesAtomFeed()(request, index=self)

    @path("tags/<uslug:tag>/feed/")
    def tag_rss_feed(self, request, tag):
        from . import feeds

        return feeds.StoriesRssFeed()(request, index=self, tag=tag)

    @path("tags/<uslug:tag>/feed/atom/")
    def tag_atom_feed(self, request, tag):
        from . import feeds

        return feeds.StoriesAtomFeed()(request, index=self, tag=tag)


class PartnerPage(KeepPublishedMixin, CleanRichTextMixin, Page):
    """A partner organisation's own section: its members add and edit pages here, and
    nowhere else (see partners.onboard_partner)."""

    summary = models.CharField(max_length=300, blank=True, help_text="What the partner does.")
    about = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    website = models.URLField(blank=True)
    # Set when the partner is onboarded; not editable by the partner.
    editors = models.OneToOneField(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )  # fmt: skip
    collection = models.OneToOneField(
        "wagtailcore.Collection", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip

    rich_text_fields = ("about",)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("about"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    template = "stories/partner_page.html"
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = ["stories.StoryPage", "stories.ArticlePage"]
    # Created by onboarding, which also sets up the partner's group, permissions and collection.
    is_creatable = False

    class Meta:
        verbose_name = "partner section"

    def clean(self) -> None:
        super().clean()
        _check_slug(self)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.partner_page_context(self, request=request))
        return context


class StoryPage(KeepPublishedMixin, CleanRichTextMixin, RoutablePageMixin, Page):
    """A customer success story."""

    kind = models.CharField(
        max_length=16, choices=StoryKind.choices, default=StoryKind.STORY, editable=False
    )
    summary = models.TextField(
        max_length=400, help_text="Two or three sentences shown in listings, feeds and shares."
    )
    customer_name = models.CharField("customer", max_length=120, blank=True)
    customer_logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Shown at the top and when the story is shared.",
    )  # fmt: skip
    industry = models.ForeignKey(
        "members.Industry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        "members.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    audience = models.CharField(max_length=4, choices=Audience.choices, blank=True)
    products = ParentalManyToManyField("stories.Product", blank=True, related_name="stories")
    body = StreamField(story_body_blocks(), blank=True)
    tags = ClusterTaggableManager(through="stories.TaggedStory", blank=True)
    featured = models.BooleanField(
        default=False, help_text="Featured stories come first and appear on the home page."
    )

    stream_fields = ("body",)

    segment_panels = [
        FieldPanel("industry"),
        FieldPanel("region"),
        FieldPanel("audience"),
        FieldPanel("products"),
        FieldPanel("tags"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("customer_name"), FieldPanel("customer_logo")], heading="Customer"
        ),
        FieldPanel("hero_image"),
        MultiFieldPanel(segment_panels, heading="Who it is for"),
        FieldPanel("body"),
        InlinePanel("advocates", heading="Advocates", label="Advocate"),
    ]
    promote_panels = [
        *Page.promote_panels,
        FieldPanel("featured", permission="stories.feature_story"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("customer_name"),
    ]

    template = "stories/story_page.html"
    parent_page_types = ["stories.StoryIndexPage", "stories.PartnerPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "customer story"
        permissions = [("feature_story", "Can feature stories on the home page")]
        indexes = [
            models.Index(fields=["featured", "kind"], name="story_featured_kind"),
        ]

    def clean(self) -> None:
        super().clean()
        _check_slug(self)
        if self.kind == StoryKind.STORY and not self.customer_name.strip():
            raise ValidationError({"customer_name": "Name the customer this story is about."})

    @property
    def is_article(self) -> bool:
        return self.kind != StoryKind.STORY

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.story_page_context(self, request=request))
        return context

    @path("recommend/")
    def recommend(self, request):
        from . import views

        return views.recommend(request, story=self)


class ArticlePage(StoryPage):
    """A partner's how-to or announcement: a story without a customer."""

    article_type = models.CharField(
        max_length=16, choices=ArticleType.choices, default=ArticleType.HOW_TO
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("article_type"),
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        MultiFieldPanel(StoryPage.segment_panels, heading="Who it is for"),
        FieldPanel("body"),
        InlinePanel("advocates", heading="Advocates", label="Advocate"),
    ]

    template = "stories/story_page.html"
    parent_page_types = ["stories.StoryIndexPage", "stories.PartnerPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "article"

    def save(self, *args, **kwargs):
        self.kind = self.article_type
        return super().save(*args, **kwargs)

    def full_clean(self, *args, **kwargs):
        self.kind = self.article_type
        return super().full_clean(*args, **kwargs)
