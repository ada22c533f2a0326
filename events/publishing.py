"""What happens when an editor publishes a chapter or an event (connected at startup)."""

from wagtail.signals import page_published

from .conference import ConferencePage
from .pages import ChapterPage, EventPage
from .services import announcements


def _event_published(sender, instance, **kwargs) -> None:
    announcements.event_published(event=instance)


def _chapter_published(sender, instance, **kwargs) -> None:
    announcements.chapter_published(chapter=instance)


def connect_signals() -> None:
    page_published.connect(_event_published, sender=EventPage, dispatch_uid="events_published")
    # Wagtail names the page's own class as the sender: the conference is an event too.
    page_published.connect(
        _event_published, sender=ConferencePage, dispatch_uid="events_conference_published"
    )
    page_published.connect(
        _chapter_published, sender=ChapterPage, dispatch_uid="events_chapter_published"
    )
