"""The shape every section's landing page shares (forums, stories, learning, events, careers)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


def listing_arguments(request) -> dict:
    """What a section's listing reads from a request: the filters, the viewer and the page of
    results asked for."""
    return {"params": request.GET, "viewer": request.user, "page_number": request.GET.get("page")}


class PageContextMixin:
    """A page whose template also reads what `page_context(request)` returns, which an app's
    selectors build (import them inside it: they import the app's page models)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.page_context(request))
        return context

    def page_context(self, request) -> dict:
        return {}


class SectionIndexPage(Page):
    """A section's landing page: one per site, directly under the home page.

    A concrete table (not abstract), so the home page reads every section's lead in one query.
    """

    lead = models.CharField(max_length=255, blank=True, help_text="One sentence under the title.")
    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    max_count = 1
    is_creatable = False
    template = "core/section_index_page.html"

    class Meta:
        verbose_name = "section index"
