from community.core.pages import SectionIndexPage


class CareersIndexPage(SectionIndexPage):
    """The job board, at /careers/: open jobs, newest first, with filters that work without
    script. Jobs and company pages are plain models served by careers/urls.py."""

    template = "careers/careers_index_page.html"
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "careers index"

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(
            selectors.board_context(
                params=request.GET,
                viewer=request.user,
                page_number=request.GET.get("page"),
                base_url=self.url,
            )
        )
        return context
