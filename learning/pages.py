from community.core.pages import SectionIndexPage


class LearningIndexPage(SectionIndexPage):
    """The customer success university's catalogue, at /learning/."""

    # Shares the section landing template until this section grows its own.
    template = "core/section_index_page.html"
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "learning index"
