"""Reads of the events app, shaped for the pages and feeds that show them."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model

from community.core.links import absolute_url
from community.core.numbers import parse_positive_int
from community.members.models import Audience, Industry, Region

from . import display, permissions
from .conference import ConferencePage
from .filter_menus import filter_menus
from .models import (
    ChapterMembership,
    EventTag,
    Registration,
    RegistrationStatus,
    TaggedEvent,
)
from .pages import ChapterPage, EventFormat, EventPage, RegistrationWindow


def visible_event_or_none(event_id: int) -> EventPage | None:
    return permissions.visible_events().filter(pk=event_id).first()


def chapter_events(chapter: ChapterPage) -> QuerySet[EventPage]:
    """The chapter's published events, soonest first (its public feed)."""
    return permissions.visible_events().child_of(chapter).order_by("starts_at")


def registration_of(member, event: EventPage) -> Registration | None:
    if not member.is_authenticated:
        return None
    return Registration.objects.filter(event=event, member=member).first()


def member_calendar(member) -> QuerySet[Registration]:
    """The member's registrations their private feed lists: registered, checked in or waiting,
    for events still published, with the events loaded."""
    events = permissions.visible_events().values("pk")
    return (
        Registration.objects.filter(member=member, event__in=events)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event")
        .order_by("event__starts_at")
    )


# Checked in and expected first, then the waitlist in order, then those who cancelled.
ORGANISER_ORDER = (
    RegistrationStatus.ATTENDED,
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.CANCELLED,
)


def registrations_for_organisers(event: EventPage, *, query: str = "") -> QuerySet[Registration]:
    """The event's registration list: seat holders first, then the waitlist in order."""
    registrations = Registration.objects.filter(event=event).select_related("member__profile")
    if query := query.strip():
        registrations = registrations.filter(
            Q(member__display_name__icontains=query)
            | Q(member__email__iexact=query)
            | Q(code__iexact=query)
        )
    place = Case(
        *(When(status=status, then=Value(n)) for n, status in enumerate(ORGANISER_ORDER)),
        default=Value(len(ORGANISER_ORDER)),
    )
    return registrations.order_by(place, "waitlist_position", "created_at", "pk")


def chapter_ids_of(member) -> set[int]:
    if not member.is_authenticated:
        return set()
    return set(ChapterMembership.objects.filter(member=member).values_list("chapter_id", flat=True))


def attended_events(member, *, limit: int = 10) -> list[EventPage]:
    """Past events the member was checked in at, newest first (their profile shows them)."""
    ids = list(
        Registration.objects.filter(member=member, status=RegistrationStatus.ATTENDED).values_list(
            "event_id", flat=True
        )
    )
    if not ids:
        # Most profiles: one query, not the page-restriction lookup and the events as well.
        return []
    return list(
        permissions.visible_events()
        .filter(pk__in=ids, ends_at__lte=timezone.now())
        .defer("body", "announced")
        .order_by("-starts_at")[:limit]
    )


def export_for_member(member) -> dict:
    """What events hold about the member, for their data export."""
    return {
        "registrations": [
            {
                "event": registration.event.title,
                "starts_at": registration.event.starts_at.isoformat(),
                "status": registration.status,
                "code": registration.code,
                "registered_at": registration.created_at.isoformat(),
                "checked_in_at": (
                    registration.checked_in_at.isoformat() if registration.checked_in_at else None
                ),
            }
            for registration in Registration.objects.filter(member=member)
            .select_related("event")
            .order_by("created_at")
        ],
        "chapters": list(
            ChapterMembership.objects.filter(member=member)
            .order_by("joined_at")
            .values_list("chapter__title", flat=True)
        ),
    }


# --- The /events/ listing ---------------------------------------------------------------------

UPCOMING, PAST = "upcoming", "past"
EVENTS_PER_PAGE = 12
MONTHS_LISTED = 12
CARD_IMAGE = "fill-640x360"


@dataclass
class EventFilters:
    """What a reader narrowed the listing to; None or "" means "any"."""

    when: str = UPCOMING
    format: str = ""
    chapter: ChapterPage | None = None
    region: Region | None = None
    month: date | None = None
    tag: EventTag | None = None
    industry: Industry | None = None
    audience: str = ""
    # "Near me": the region comes from the member's profile.
    near: bool = False

    @property
    def active(self) -> bool:
        """Any filter at all: the same test as whether the query string names one."""
        return bool(self.values())

    def values(self) -> dict[str, str]:
        """The filters as the listing's query string names them (the tab not included)."""
        values = {
            "format": self.format,
            "chapter": self.chapter.slug if self.chapter else "",
            "region": "" if self.near or not self.region else self.region.code,
            "month": f"{self.month:%Y-%m}" if self.month else "",
            "tag": self.tag.slug if self.tag else "",
            "industry": self.industry.slug if self.industry else "",
            "audience": self.audience,
            "near": "1" if self.near else "",
        }
        return {name: value for name, value in values.items() if value}


# Months the listing can be narrowed to; others in an address (9999-12 has no next month to end
# it) are ignored like any unknown filter.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def _month(value: str) -> date | None:
    """ "2027-01" in ASCII digits, else None."""
    year_text, _, month_text = value.partition("-")
    year, month = parse_positive_int(year_text), parse_positive_int(month_text)
    if year is None or month is None or not 1 <= month <= 12:
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return date(year, month, 1)


def _next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def member_region(member) -> Region | None:
    if not member.is_authenticated:
        return None
    profile = getattr(member, "profile", None)
    if profile is None or not profile.country_id:
        return None
    return Region.objects.filter(countries__code=profile.country_id).first()


def parse_filters(
    params, viewer, *, home_region: Region | None = None
) -> tuple[EventFilters, list[str]]:
    """The listing's filters from its query string, and notes on values that matched nothing
    (an old link, a tag no event carries any more): those are left out, not an error.
    `home_region` is the viewer's own (for "near me")."""
    filters = EventFilters(when=PAST if params.get("when") == PAST else UPCOMING)
    notes: list[str] = []
    if params.get("format") in EventFormat.values:
        filters.format = params["format"]
    if slug := params.get("chapter", "").strip():
        filters.chapter = permissions.visible_chapters().filter(slug=slug).first()
        if filters.chapter is None:
            notes.append("That chapter isn't listed any more, so every chapter is shown.")
    if params.get("near"):
        filters.region = home_region
        filters.near = filters.region is not None
        if not filters.near:
            notes.append(
                "Add your country to your profile to see the events near you."
                if viewer.is_authenticated
                else "Sign in to see the events near you."
            )
    elif code := params.get("region", "").strip():
        filters.region = Region.objects.filter(code__iexact=code).first()
    if value := params.get("month", "").strip():
        filters.month = _month(value)
    if slug := params.get("tag", "").strip():
        filters.tag = EventTag.objects.filter(slug=slug).first()
        if filters.tag is None:
            notes.append("No event carries that tag.")
    if slug := params.get("industry", "").strip():
        filters.industry = Industry.objects.filter(slug=slug).first()
    if params.get("audience") in Audience.values:
        filters.audience = params["audience"]
    return filters, notes


def _in_chapters(chapters: QuerySet[ChapterPage]) -> Q:
    """Events under any of these chapters (a chapter's events are its children)."""
    paths = list(chapters.values_list("path", flat=True))
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path, depth=len(path) // EventPage.steplen + 1)
    return condition


def events_for_listing(filters: EventFilters, *, now: datetime | None = None):
    """Published events matching the filters: upcoming (not yet over) soonest first, or past
    ones latest first."""
    now = now or timezone.now()
    events = permissions.visible_events()
    if filters.when == PAST:
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        events = events.filter(ends_at__gt=now).order_by("starts_at", "pk")
    if filters.format:
        events = events.filter(format=filters.format)
    if filters.chapter is not None:
        events = events.child_of(filters.chapter)
    if filters.region is not None:
        # In a chapter of the region, or meant for it (webinars name the regions they serve).
        targeted = EventPage.target_regions.through.objects.filter(region=filters.region)
        events = events.filter(
            _in_chapters(ChapterPage.objects.filter(country__region=filters.region))
            | Q(pk__in=targeted.values("eventpage_id"))
        )
    if filters.month is not None:
        events = events.filter(
            starts_at__gte=_aware(filters.month), starts_at__lt=_aware(_next_month(filters.month))
        )
    if filters.tag is not None:
        events = events.filter(
            pk__in=TaggedEvent.objects.filter(tag=filters.tag).values("content_object_id")
        )
    if filters.industry is not None:
        targeted = EventPage.target_industries.through.objects.filter(industry=filters.industry)
        events = events.filter(pk__in=targeted.values("eventpage_id"))
    if filters.audience:
        events = events.filter(target_audience=filters.audience)
    return events


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day))


def for_cards(events: QuerySet[EventPage]) -> QuerySet[EventPage]:
    """Only what an event card shows, with its picture's rendition and its tags."""
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE)
    return events.defer("body", "announced").prefetch_related(
        "tags", Prefetch("cover_image", queryset=images)
    )


def attach_chapters(events: Iterable[EventPage]) -> None:
    """Set `event.chapter` to the chapter an event sits under (or None), in one query, and
    `event.is_conference` (the content type is cached: no query)."""
    events = list(events)
    conference_type = ContentType.objects.get_for_model(ConferencePage)
    parent_paths = {event.path[: -EventPage.steplen] for event in events}
    chapters = {
        chapter.path: chapter
        for chapter in ChapterPage.objects.filter(path__in=parent_paths)
        .select_related("country")
        .only("title", "slug", "path", "url_path", "depth", "city", "country")
    }
    for event in events:
        event.chapter = chapters.get(event.path[: -EventPage.steplen])
        event.is_conference = event.content_type_id == conference_type.pk


def registrations_by_event(member, events: Iterable[EventPage]) -> dict[int, Registration]:
    """The member's active registrations among these events, by event id (one query)."""
    if not member.is_authenticated:
        return {}
    rows = Registration.objects.filter(
        member=member, event_id__in=[event.pk for event in events]
    ).exclude(status=RegistrationStatus.CANCELLED)
    return {registration.event_id: registration for registration in rows}


def chapters_near(member, region: Region | None, *, limit: int = 6) -> list[ChapterPage]:
    """Chapters in the member's region, the ones they joined marked `joined` ("For you")."""
    if region is None:
        return []
    chapters = list(
        permissions.visible_chapters()
        .filter(country__region=region)
        .select_related("country")
        .only("title", "slug", "path", "url_path", "depth", "city", "country")
        .order_by("title")[:limit]
    )
    joined = chapter_ids_of(member)
    for chapter in chapters:
        chapter.joined = chapter.pk in joined
    return chapters


def month_choices(when: str, *, now: datetime | None = None) -> list[date]:
    """The months the listing offers: the next twelve, or the last twelve for past events."""
    current = timezone.localdate(now or timezone.now()).replace(day=1)
    months = [current]
    for _ in range(MONTHS_LISTED - 1):
        if when == PAST:
            previous = months[-1] - timedelta(days=1)
            months.append(previous.replace(day=1))
        else:
            months.append(_next_month(months[-1]))
    return months


def filter_choices(when: str) -> dict[str, Any]:
    """What each filter offers: chapters, regions, tags used by published events, segments."""
    return {
        "formats": EventFormat.choices,
        "chapters": list(
            permissions.visible_chapters().order_by("title").only("title", "slug", "path")
        ),
        "regions": list(Region.objects.all()),
        "tags": list(
            EventTag.objects.filter(tagged_events__content_object__in=permissions.visible_events())
            .distinct()
            .order_by("name")
        ),
        "industries": list(Industry.objects.all()),
        "audiences": Audience.choices,
        "months": month_choices(when),
    }


def listing_context(*, params, viewer, page_number: str | None) -> dict[str, Any]:
    """Everything /events/ shows: the page of events for the filters, the viewer's own
    registrations among them, the filters' choices and the chapters near the member."""
    home_region = member_region(viewer)
    filters, notes = parse_filters(params, viewer, home_region=home_region)
    paginator = Paginator(for_cards(events_for_listing(filters)), EVENTS_PER_PAGE)
    events_page = paginator.get_page(page_number)
    events = list(events_page.object_list)
    attach_chapters(events)
    registrations = registrations_by_event(viewer, events)
    for event in events:
        event.viewer_registration = registrations.get(event.pk)
    choices = filter_choices(filters.when)
    return {
        "filters": filters,
        "past_tab": filters.when == PAST,
        "filter_notes": notes,
        "events_page": events_page,
        "events": events,
        "choices": choices,
        "filter_menus": filter_menus(choices, filters),
        "chapters_for_you": [] if filters.active else chapters_near(viewer, home_region),
        "home_region": home_region,
        "viewer_zone": display.viewer_zone(viewer),
    }


# --- An event's page and a chapter's page -----------------------------------------------------


def chapter_above(event: EventPage) -> ChapterPage | None:
    """The chapter an event sits under (None for company webinars under /events/)."""
    return (
        ChapterPage.objects.filter(path=event.path[: -EventPage.steplen])
        .select_related("country")
        .first()
    )


def check_in_url(event: EventPage, code: str) -> str:
    """Where an organiser's phone lands when it scans a member's QR code."""
    return absolute_url(f"{reverse('events:check_in', args=[event.pk])}?code={code}")


def event_page_context(event: EventPage, *, viewer) -> dict[str, Any]:
    """What an event's page shows beyond its own fields, for this viewer. The join link is in
    it only for a member holding a seat: nobody else's page ever carries it."""
    chapter = chapter_above(event)
    registration = registration_of(viewer, event)
    if registration is not None and not registration.is_active:
        registration = None
    holds_seat = registration is not None and registration.holds_seat
    window = event.registration_window()
    signed_in = viewer.is_authenticated
    zone = display.viewer_zone(viewer)
    return {
        "event": event,
        "chapter": chapter,
        "registration": registration,
        "holds_seat": holds_seat,
        "join_url": event.join_url if holds_seat and event.is_online else "",
        "window": window,
        "is_open": window == RegistrationWindow.OPEN,
        "is_past": window == RegistrationWindow.PAST,
        "may_register": not signed_in or permissions.can_register(viewer),
        "can_organise": signed_in and permissions.can_organise(viewer, event),
        "times": display.event_times(event),
        "viewer_times": display.viewer_times(event, zone),
        # A member's saved zone wins over the browser's: the page adds no browser-time line.
        "viewer_zone_known": zone is not None,
        "shown_times": display.shown_times(event, zone),
        "event_tags": list(event.tags.all()),
        "industries": list(event.target_industries.all()),
        "regions": list(event.target_regions.all()),
        "ics_url": reverse("events:event_ics", args=[event.pk]),
        "check_in_qr": (
            display.qr_svg(check_in_url(event, registration.code))
            if holds_seat and window != RegistrationWindow.PAST
            else ""
        ),
    }


CHAPTER_UPCOMING = 12
CHAPTER_PAST = 6


def chapter_page_context(chapter: ChapterPage, *, viewer) -> dict[str, Any]:
    """A chapter's leaders, its upcoming and latest past events, and the viewer's membership."""
    now = timezone.now()
    events = for_cards(chapter_events(chapter))
    upcoming = list(events.filter(ends_at__gt=now)[:CHAPTER_UPCOMING])
    past = list(events.filter(ends_at__lte=now).order_by("-starts_at")[:CHAPTER_PAST])
    registrations = registrations_by_event(viewer, upcoming)
    for event in [*upcoming, *past]:
        event.chapter = chapter
        event.viewer_registration = registrations.get(event.pk)
    memberships = ChapterMembership.objects.filter(chapter=chapter)
    signed_in = viewer.is_authenticated
    return {
        "chapter": chapter,
        "leaders": list(chapter.leaders.select_related("profile").order_by("display_name", "pk")),
        "upcoming_events": upcoming,
        "past_events": past,
        "member_count": memberships.count(),
        "is_member": signed_in and memberships.filter(member=viewer).exists(),
        "may_join": signed_in and permissions.can_join_chapter(viewer),
        "feed_url": reverse("events:chapter_feed", args=[chapter.pk]),
        "viewer_zone": display.viewer_zone(viewer),
    }


# --- Schema.org -------------------------------------------------------------------------------

ATTENDANCE_MODES = {
    EventFormat.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    EventFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    EventFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def structured_data(
    event: EventPage,
    *,
    url: str,
    image_url: str,
    organiser: str,
    chapter: ChapterPage | None = None,
) -> dict[str, Any]:
    """Schema.org Event markup for search engines and link previews. The online location is
    the event's page, never its join link."""
    locations: list[dict[str, Any]] = []
    if event.format != EventFormat.ONLINE:
        place: dict[str, Any] = {"@type": "Place", "name": event.venue_name or event.title}
        address = " ".join(event.address.split())
        if address or chapter is not None:
            place["address"] = {"@type": "PostalAddress", "streetAddress": address}
            if chapter is not None:
                place["address"]["addressLocality"] = chapter.city
                place["address"]["addressCountry"] = chapter.country_id
        if event.map_url:
            place["hasMap"] = event.map_url
        locations.append(place)
    if event.is_online:
        locations.append({"@type": "VirtualLocation", "url": url})
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": event.local_starts_at.isoformat(),
        "endDate": event.local_ends_at.isoformat(),
        "eventStatus": (
            "https://schema.org/EventCancelled"
            if event.is_cancelled
            else "https://schema.org/EventScheduled"
        ),
        "eventAttendanceMode": ATTENDANCE_MODES.get(event.format, ATTENDANCE_MODES["in_person"]),
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {"@type": "Organization", "name": chapter.title if chapter else organiser},
        "isAccessibleForFree": True,
    }
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
        data["remainingAttendeeCapacity"] = event.seats_left
    if not event.is_cancelled and not event.is_past():
        data["offers"] = {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "USD",
            "url": url,
            "availability": (
                "https://schema.org/SoldOut" if event.is_full else "https://schema.org/InStock"
            ),
        }
    if image_url:
        data["image"] = [image_url]
    return data
