from community.core.pages import SectionIndexPage


class ForumIndexPage(SectionIndexPage):
    """The forums landing page at /forums/."""

    subpage_types: list[str] = []

    class Meta:
        verbose_name = "forums index"
