from community.core.pages import SectionIndexPage


class LearningIndexPage(SectionIndexPage):
    """The customer success university's catalogue, at /learning/."""

    subpage_types: list[str] = []

    class Meta:
        verbose_name = "learning index"
