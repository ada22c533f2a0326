"""Forum pages that editors arrange in Wagtail: the forums index and its categories."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from community.core.pages import PageContextMixin, SectionIndexPage
from community.members.targeting import SegmentTargeted

# Paths under /forums/ that belong to forum views, so no category may take them as its slug.
RESERVED_SLUGS = {"t", "r", "tags", "new", "latest", "suggest", "c", "api"}


class ForumIndexPage(PageContextMixin, SectionIndexPage):
    """/forums/: the categories and the latest topics across all of them."""

    template = "forums/forum_index_page.html"
    subpage_types = ["forums.ForumCategoryPage"]

    class Meta:
        verbose_name = "forums index"

    def page_context(self, request) -> dict:
        from . import views

        return views.listing_context(request, forum_index=self, category=None)

    def route(self, request, path_components):
        # Categories are the only children: load the one asked for as its own class in one
        # query, where the generic route would load the page and then its specific row.
        if not path_components:
            return super().route(request, path_components)
        category = ForumCategoryPage.objects.child_of(self).filter(slug=path_components[0]).first()
        if category is None:
            raise Http404("No such forum category.")
        return category.route(request, path_components[1:])


class ForumCategoryPage(PageContextMixin, SegmentTargeted, Page):
    """A forum category. Restricted categories are invisible to members outside their groups."""

    description = models.CharField(max_length=300, blank=True)
    accent_colour = models.CharField(
        max_length=7,
        default="#4f46e5",
        help_text="A hex colour such as #4f46e5, used for the category's badge.",
    )
    restricted_to = ParentalManyToManyField(
        Group,
        blank=True,
        related_name="+",
        help_text="Only members of these groups (and community managers) see this category. "
        "Leave empty for a public category.",
    )
    topic_count = models.PositiveIntegerField(default=0, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("accent_colour"),
        MultiFieldPanel(
            [
                FieldPanel("target_industries"),
                FieldPanel("target_regions"),
                FieldPanel("target_audience"),
            ],
            heading="Aimed at segments",
            help_text="Members in these segments see this category first. Leave empty for everyone.",
        ),
        FieldPanel("restricted_to"),
    ]

    parent_page_types = ["forums.ForumIndexPage"]
    subpage_types: list[str] = []
    template = "forums/forum_category_page.html"

    class Meta:
        verbose_name = "forum category"
        verbose_name_plural = "forum categories"

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is used by the forums itself; choose another slug."}
            )

    def serve(self, request, *args, **kwargs):
        from .selectors import category_state_for

        state = category_state_for(request.user, self)
        if state is None:
            raise Http404("No such forum category.")
        self.viewer_follows = state["following"]
        # Who was let in: the listing need not check the category again for them.
        self.seen_by = request.user
        return super().serve(request, *args, **kwargs)

    def page_context(self, request) -> dict:
        from . import views

        return views.listing_context(request, forum_index=None, category=self)
