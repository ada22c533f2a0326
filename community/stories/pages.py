from community.core.pages import SectionIndexPage


class StoryIndexPage(SectionIndexPage):
    """Customer success stories and partner articles, at /stories/."""

    subpage_types: list[str] = []

    class Meta:
        verbose_name = "stories index"
