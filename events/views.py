"""Event views for what is not a page: RSVP, joining chapters, calendar files and feeds.

Each reads like a sentence: find the event, call one service, answer. Refusals (a closed
event, a banned member) are raised by the services and answered by the core's error middleware:
the reason as a message on the event page for a browser, `{"error": ...}` for a script.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from community.core.errors import return_to, wants_json
from community.core.links import absolute_url

from . import conference_calendar, permissions, selectors
from .models import CalendarFeed, Registration, RegistrationStatus
from .pages import EventPage
from .services import calendars, chapters, registrations


def visible_event(event_id: int) -> EventPage:
    """The published event with this id, or 404 (for every view by event id)."""
    event = selectors.visible_event_or_none(event_id)
    if event is None:
        raise Http404("No such event.")
    return event


def _registration_json(
    request: HttpRequest, event: EventPage, registration: Registration | None
) -> dict:
    event.refresh_from_db(fields=["registered_count", "waitlist_count"])
    data = {
        "status": registration.status if registration else None,
        "waitlist_position": registration.waitlist_position if registration else None,
        "registered_count": event.registered_count,
        "waitlist_count": event.waitlist_count,
        "seats_left": event.seats_left,
    }
    if request.POST.get("panel"):
        # The event page's script swaps its registration panel for this one, drawn for the
        # member who just asked (so it carries their join link once they hold a seat).
        data["panel"] = render_to_string(
            "events/includes/registration_panel.html",
            selectors.event_page_context(event, viewer=request.user),
            request=request,
        )
    return data


def _what_happened(registration: Registration) -> str:
    if registration.status == RegistrationStatus.WAITLISTED:
        return (
            "The event is full: you are on the waitlist "
            f"(number {registration.waitlist_position}). We'll tell you as soon as a seat opens."
        )
    return "You are registered. See you there!"


def _answer(
    request: HttpRequest, back: str, message: str, data: Callable[[], dict]
) -> HttpResponse:
    """A browser goes back to `back` with the message; a page's script gets `data()` as JSON
    (built only then)."""
    if wants_json(request):
        return JsonResponse(data())
    messages.success(request, message)
    return redirect(back)


@require_POST
def register(request: HttpRequest, event_id: int) -> HttpResponse:
    event = visible_event(event_id)
    return_to(request, event.url)
    registration = registrations.register(event=event, member=request.user)
    return _answer(
        request,
        event.url,
        _what_happened(registration),
        lambda: _registration_json(request, event, registration),
    )


@require_POST
def cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = visible_event(event_id)
    return_to(request, event.url)
    if not request.user.is_authenticated:
        return redirect(f"{settings.LOGIN_URL}?next={event.url}")
    registration = registrations.cancel(event=event, member=request.user)
    return _answer(
        request,
        event.url,
        "Your registration is cancelled.",
        lambda: _registration_json(request, event, registration),
    )


def ics_response(body: bytes, name: str, *, download: bool) -> HttpResponse:
    """A calendar file named `name`.ics. The header names it RFC 6266's way, so a slug in any
    script ("東京") stays the file's name instead of garbling the whole header."""
    response = HttpResponse(body, content_type=calendars.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(download, f"{name}.ics")
    return response


@require_GET
def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    event = visible_event(event_id)
    return ics_response(calendars.event_ics(event), event.slug, download=True)


@require_GET
def chapter_feed(request: HttpRequest, chapter_id: int) -> HttpResponse:
    chapter = get_object_or_404(permissions.visible_chapters(), pk=chapter_id)
    events = selectors.chapter_events(chapter)
    return ics_response(calendars.chapter_ics(chapter, events), chapter.slug, download=False)


@require_GET
def member_feed(request: HttpRequest, token: str) -> HttpResponse:
    # The token is the only credential: calendar apps send no cookies.
    feed = CalendarFeed.objects.select_related("member").filter(token=token).first()
    if feed is None or not feed.member.is_active:
        raise Http404("No such calendar.")
    body = calendars.member_ics(
        feed.member,
        selectors.member_calendar(feed.member),
        site_name=settings.SITE_NAME,
        extra=conference_calendar.session_vevents(feed.member),
    )
    response = ics_response(body, "my-events", download=False)
    response["Cache-Control"] = "private, no-store"
    return response


def _feed_url(token: str) -> str:
    return absolute_url(reverse("events:member_feed", kwargs={"token": token}))


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The member's private feed address, to paste into a calendar app, and a way to reset it."""
    url = _feed_url(calendars.feed_token_for(request.user))
    return render(
        request,
        "events/my_calendar.html",
        {
            "feed_url": url,
            "webcal_url": url.replace("https://", "webcal://", 1).replace(
                "http://", "webcal://", 1
            ),
        },
    )


@login_required
@require_POST
def reset_calendar(request: HttpRequest) -> HttpResponse:
    url = _feed_url(calendars.reset_feed_token(member=request.user))
    return _answer(
        request,
        reverse("events:my_calendar"),
        "Your calendar has a new address; the old one no longer works. Subscribe again.",
        lambda: {"feed_url": url},
    )


@require_POST
def join_chapter(request: HttpRequest, chapter_id: int) -> HttpResponse:
    chapter = get_object_or_404(permissions.visible_chapters(), pk=chapter_id)
    return_to(request, chapter.url)
    chapters.join(chapter=chapter, member=request.user)
    return _answer(
        request,
        chapter.url,
        f"You joined {chapter.title}: you'll hear when it announces events.",
        lambda: {"member": True},
    )


@login_required
@require_POST
def leave_chapter(request: HttpRequest, chapter_id: int) -> HttpResponse:
    chapter = get_object_or_404(permissions.visible_chapters(), pk=chapter_id)
    chapters.leave(chapter=chapter, member=request.user)
    return _answer(request, chapter.url, f"You left {chapter.title}.", lambda: {"member": False})
