from community.core.pages import SectionIndexPage


class EventIndexPage(SectionIndexPage):
    """Chapters, meetups, webinars and the yearly conference, at /events/."""

    # Shares the section landing template until this section grows its own.
    template = "core/section_index_page.html"
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "events index"
