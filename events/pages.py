from community.core.pages import SectionIndexPage


class EventIndexPage(SectionIndexPage):
    """Chapters, meetups, webinars and the yearly conference, at /events/."""

    subpage_types: list[str] = []

    class Meta:
        verbose_name = "events index"
