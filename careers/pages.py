from community.core.pages import SectionIndexPage


class CareersIndexPage(SectionIndexPage):
    """The job board landing page, at /careers/."""

    # Shares the section landing template until this section grows its own.
    template = "core/section_index_page.html"
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "careers index"
