"""What events put into the search index, and when it must look again.

A published, public event is in the index with its title, summary and the words of its body
(text, agenda, speakers): never its join link, which only registered members may read. Its
status in the shared facet is "upcoming" until it ends, then "past"; since nothing is saved
when an event ends, `reindex_ended_events` moves it (`manage.py send_event_reminders`, run from
cron every few minutes, calls it after the reminders). Chapters are found too, by name and city.
"""

from datetime import datetime, timedelta

from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.signals import post_page_move

from community.search import (
    PageSearchType,
    SearchDocument,
    Tag,
    index_later,
    index_pks_later,
    keep_pages_indexed,
    plain_text,
)

from . import permissions
from .conference import ConferencePage
from .pages import ChapterPage, EventPage

UPCOMING, PAST = "upcoming", "past"
# Upcoming events are what members look for first.
UPCOMING_BOOST = 1.5


def _body_text(event: EventPage) -> str:
    parts = [event.summary]
    for child in event.body:
        if child.block_type == "text":
            parts.append(plain_text(child.value.source))
        elif child.block_type == "agenda":
            parts.extend(f"{item['title']} {item['description']}" for item in child.value)
        elif child.block_type == "speakers":
            parts.extend(
                f"{item['name'] or (item['member'] or '')} {item['role']}" for item in child.value
            )
    return " ".join(str(part) for part in parts if part)


class EventSearch(PageSearchType):
    name = "event"
    model = EventPage
    label = "Event"
    label_plural = "Events"
    order = 40
    statuses = {UPCOMING: "Upcoming", PAST: "Past"}

    def status(self, event: EventPage, now: datetime | None = None) -> str:
        return PAST if event.is_past(now) else UPCOMING

    def documents(self, pks: list[int]) -> list[SearchDocument]:
        events = list(
            permissions.visible_events()
            .filter(pk__in=pks)
            .prefetch_related("tags", "target_industries", "target_regions")
        )
        parent_paths = {event.path[: -EventPage.steplen] for event in events}
        chapters = {
            chapter.path: chapter
            for chapter in ChapterPage.objects.filter(path__in=parent_paths).select_related(
                "country__region"
            )
        }
        now = timezone.now()
        documents = []
        for event in events:
            chapter = chapters.get(event.path[: -EventPage.steplen])
            status = self.status(event, now)
            industries = list(event.target_industries.all())
            regions = list(event.target_regions.all())
            region = chapter.country.region if chapter else (regions[0] if regions else None)
            when = f"{event.local_starts_at:%-d %b %Y}"
            where = chapter.title if chapter else "Webinar"
            documents.append(
                SearchDocument(
                    kind=self.name,
                    object_id=event.pk,
                    title=event.title,
                    body=_body_text(event),
                    heading=f"Cancelled: {event.title}" if event.is_cancelled else event.title,
                    context=f"{where} · {event.get_format_display()} · {when}",
                    url=event.url or "",
                    created_at=event.first_published_at or event.starts_at,
                    tags=[Tag(tag.slug, tag.name) for tag in event.tags.all()],
                    industry=industries[0].slug if industries else "",
                    region=region.code.lower() if region else "",
                    audience=event.target_audience,
                    status=status,
                    boost=UPCOMING_BOOST if status == UPCOMING and not event.is_cancelled else 1.0,
                )
            )
        return documents


class ChapterSearch(PageSearchType):
    name = "chapter"
    model = ChapterPage
    label = "Chapter"
    label_plural = "Chapters"
    order = 45

    def documents(self, pks: list[int]) -> list[SearchDocument]:
        chapters = (
            permissions.visible_chapters().filter(pk__in=pks).select_related("country__region")
        )
        return [
            SearchDocument(
                kind=self.name,
                object_id=chapter.pk,
                title=chapter.title,
                body=f"{chapter.city} {chapter.country.name} {plain_text(chapter.description)}",
                heading=chapter.title,
                context=f"Chapter · {chapter.city}, {chapter.country.name}",
                url=chapter.url or "",
                created_at=chapter.first_published_at or timezone.now(),
                region=chapter.country.region.code.lower(),
            )
            for chapter in chapters
        ]


SEARCH_TYPES = [EventSearch(), ChapterSearch()]


# --- When the index must look again -----------------------------------------------------------


def reindex_ended_events(*, since: timedelta = timedelta(days=1), now=None) -> int:
    """Events that ended lately move from "upcoming" to "past" (idempotent: a rerun reindexes
    the same few)."""
    now = now or timezone.now()
    pks = list(
        permissions.visible_events()
        .filter(ends_at__lte=now, ends_at__gt=now - since)
        .values_list("pk", flat=True)
    )
    if pks:
        index_pks_later("event", pks)
    return len(pks)


def _moved(sender, instance, **kwargs) -> None:
    specific = instance.specific
    if isinstance(specific, (EventPage, ChapterPage)):
        index_later(specific)
        if isinstance(specific, ChapterPage):
            index_later(*EventPage.objects.child_of(specific).live())


def _restriction_changed(sender, instance, **kwargs) -> None:
    # A page made private (or public again) takes its events out of the index (or back).
    page = instance.page
    index_later(*EventPage.objects.descendant_of(page, inclusive=True))
    index_later(*ChapterPage.objects.descendant_of(page, inclusive=True))


def connect_signals() -> None:
    # Events show their chapter's name. The conference is an event too.
    keep_pages_indexed(EventPage, ConferencePage, ChapterPage, children=(ChapterPage, EventPage))
    post_page_move.connect(_moved, dispatch_uid="search_events_moved")
    post_save.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="search_events_restricted"
    )
    post_delete.connect(
        _restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="search_events_unrestricted",
    )
