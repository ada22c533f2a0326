from community.core.pages import SectionIndexPage


class CareersIndexPage(SectionIndexPage):
    """The job board landing page, at /careers/."""

    subpage_types: list[str] = []

    class Meta:
        verbose_name = "careers index"
