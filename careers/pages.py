from community.core.pages import PageContextMixin, SectionIndexPage, listing_arguments


class CareersIndexPage(PageContextMixin, SectionIndexPage):
    """The job board, at /careers/: open jobs, newest first, with filters that work without
    script. Jobs and company pages are plain models served by careers/urls.py."""

    template = "careers/careers_index_page.html"
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "careers index"

    def page_context(self, request) -> dict:
        from . import selectors

        return selectors.board_context(**listing_arguments(request), base_url=self.url)
