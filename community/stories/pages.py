from community.core.pages import SectionIndexPage


class StoryIndexPage(SectionIndexPage):
    """Customer success stories and partner articles, at /stories/."""

    # Shares the section landing template until this section grows its own.
    template = "core/section_index_page.html"
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "stories index"
