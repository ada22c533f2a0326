"""An event's page as visitors, members, registrants and organisers read it: times with the zone
named, seats and one-click registration, the join link for seat holders only, Schema.org and
Open Graph markup."""

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.embeds.blocks import EmbedValue

from events import display
from events.services import registrations
from tests.factories import CustomerFactory
from tests.factories.events import ChapterFactory, EventFactory, OnlineEventFactory
from tests.factories.stories import make_image
from tests.markup import elements

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def online(chapter):
    return OnlineEventFactory(
        parent=chapter,
        title="Journeys webinar",
        slug="journeys-webinar",
        capacity=1,
        join_url="https://meet.example.com/secret-room-4711",
    )


def page(client, event) -> str:
    response = client.get(event.url)
    assert response.status_code == 200
    return response.content.decode()


def structured_data(html: str) -> dict:
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def meta(html: str, prop: str) -> str:
    for tag, attrs in elements(html):
        if tag == "meta" and attrs.get("property") == prop:
            return attrs["content"]
    return ""


def test_a_visitor_reads_the_event_with_its_zone_named_and_is_asked_to_sign_in(client, event):
    html = page(client, event)

    assert "Journeys night" in html
    assert "(Europe/Berlin)" in html
    assert event.local_starts_at.strftime("%H:%M") in html
    assert "Sign in to register" in html
    assert reverse("events:register", args=[event.pk]) not in html


def test_a_member_registers_in_one_click_from_a_form_that_needs_no_script(client, member, event):
    client.force_login(member)
    html = page(client, event)

    form = [
        attrs
        for tag, attrs in elements(html)
        if tag == "form" and attrs.get("action") == reverse("events:register", args=[event.pk])
    ]
    assert form and form[0]["method"] == "post"
    assert "2 of 2 seats left" in html


@pytest.mark.parametrize("who", ["visitor", "member", "waitlisted", "cancelled", "leader"])
def test_the_join_link_is_absent_for_everyone_without_a_seat(client, online, who, others):
    registrations.register(event=online, member=others[0])  # takes the only seat
    if who != "visitor":
        viewer = CustomerFactory()
        if who == "waitlisted":
            registrations.register(event=online, member=viewer)
        elif who == "cancelled":
            registrations.register(event=online, member=viewer)
            registrations.cancel(event=online, member=viewer)
        elif who == "leader":
            chapter = online.get_parent().specific
            chapter.leaders.add(viewer)
        client.force_login(viewer)

    html = page(client, online)

    assert "secret-room-4711" not in html
    assert "meet.example.com" not in html


@pytest.mark.parametrize("who", ["visitor", "waitlisted"])
def test_the_join_link_is_on_no_listing_or_answer_for_those_without_a_seat(
    client, chapter, online, who, others
):
    registrations.register(event=online, member=others[0])  # takes the only seat
    if who == "waitlisted":
        client.force_login(others[1])
        answer = client.post(
            reverse("events:register", args=[online.pk]), {"panel": "1"}, **JSON
        ).content.decode()
        assert "waitlisted" in answer and "secret-room-4711" not in answer

    for address in ("/events/", "/events/?format=online", chapter.url, online.url):
        html = client.get(address).content.decode()
        assert "Journeys webinar" in html, address
        assert "secret-room-4711" not in html, address


def test_a_seat_holder_sees_the_join_link_their_code_and_its_qr_code(client, member, online):
    registration = registrations.register(event=online, member=member)
    client.force_login(member)

    html = page(client, online)

    assert 'href="https://meet.example.com/secret-room-4711"' in html
    assert registration.code in html
    assert 'class="qr-code"' in html
    assert reverse("events:cancel", args=[online.pk]) in html


def test_a_waitlisted_member_sees_their_place_and_can_leave(client, member, online, others):
    registrations.register(event=online, member=others[0])
    registrations.register(event=online, member=member)
    client.force_login(member)

    html = page(client, online)

    assert "number 1 on the waitlist" in html
    assert "Leave the waitlist" in html
    assert "qr-code" not in html


def test_a_full_event_offers_the_waitlist(client, member, online, others):
    registrations.register(event=online, member=others[0])
    client.force_login(member)

    html = page(client, online)

    assert "Join the waitlist" in html
    assert "Full" in html


def test_registering_in_place_returns_the_panel_drawn_for_the_member(client, member, online):
    client.force_login(member)

    response = client.post(reverse("events:register", args=[online.pk]), {"panel": "1"}, **JSON)

    data = response.json()
    assert data["status"] == "registered"
    assert "You're registered" in data["panel"]
    assert "secret-room-4711" in data["panel"]


def test_a_script_that_asks_for_no_panel_gets_none(client, member, event):
    client.force_login(member)
    response = client.post(reverse("events:register", args=[event.pk]), **JSON)
    assert "panel" not in response.json()


def test_the_page_carries_schema_org_event_markup_without_the_join_link(client, online):
    html = page(client, online)
    data = structured_data(html)

    assert data["@type"] == "Event"
    assert data["name"] == "Journeys webinar"
    assert data["startDate"] == online.local_starts_at.isoformat()
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["location"]["url"].endswith(online.url)
    assert data["organizer"]["name"] == "Berlin chapter"
    assert "secret-room" not in json.dumps(data)


def test_an_in_person_event_is_placed_at_its_venue(client, event):
    data = structured_data(page(client, event))

    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Alte Münze"
    assert data["location"]["address"]["addressLocality"] == "Berlin"
    assert data["offers"]["availability"] == "https://schema.org/InStock"


def test_the_page_carries_open_graph_tags(client, event):
    html = page(client, event)

    assert meta(html, "og:title") == "Journeys night"
    assert meta(html, "og:url").endswith(event.url)
    assert "(Europe/Berlin)" in meta(html, "og:description")


def test_a_cancelled_event_says_so_and_takes_no_registration(client, member, chapter):
    event = EventFactory(parent=chapter, is_cancelled=True)
    client.force_login(member)

    html = page(client, event)

    assert "This event is cancelled" in html
    assert reverse("events:register", args=[event.pk]) not in html
    assert structured_data(html)["eventStatus"] == "https://schema.org/EventCancelled"


def test_a_past_event_offers_its_recording_and_slides(client, chapter):
    start = timezone.now() - timedelta(days=3)
    event = EventFactory(
        parent=chapter,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        recording_url="https://video.example.com/recording",
        slides_url="https://slides.example.com/deck",
    )

    html = page(client, event)

    assert "Watch the recording" in html
    assert "https://slides.example.com/deck" in html
    assert "offers" not in structured_data(html)


def test_only_organisers_are_offered_the_registration_list(client, member, event, manager):
    client.force_login(member)
    assert reverse("events:registrations", args=[event.pk]) not in page(client, event)

    client.force_login(manager)
    assert reverse("events:registrations", args=[event.pk]) in page(client, event)


def test_a_company_webinar_under_the_index_names_no_chapter(client):
    webinar = OnlineEventFactory(title="Quarterly product webinar")

    data = structured_data(page(client, webinar))

    assert data["organizer"]["name"] != ""
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def event_from_tuesday_17_utc(hours: int, time_zone: str):
    """An unsaved event of `hours` from 17:00 UTC on Tue 15 Dec 2026, kept in `time_zone`."""
    starts_at = timezone.datetime(2026, 12, 15, 17, tzinfo=ZoneInfo("UTC"))
    return EventFactory.build(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), time_zone=time_zone
    )


def test_times_read_in_the_viewers_zone_when_it_differs():
    event = event_from_tuesday_17_utc(2, "Europe/Berlin")

    own = display.event_times(event)
    theirs = display.viewer_times(event, ZoneInfo("America/New_York"))

    assert (own.text, own.zone_label) == ("Tue 15 Dec 2026, 18:00–20:00", "CET (Europe/Berlin)")
    assert (theirs.text, theirs.zone_label) == (
        "Tue 15 Dec 2026, 12:00–14:00",
        "EST (America/New York)",
    )
    assert display.viewer_times(event, ZoneInfo("Europe/Berlin")) is None
    assert display.viewer_times(event, None) is None


def test_a_zone_without_letters_goes_by_its_name():
    event = event_from_tuesday_17_utc(8, "Asia/Dubai")

    times = display.event_times(event)

    assert times.zone_label == "Asia/Dubai"
    assert times.text == "Tue 15 Dec 2026, 21:00 – Wed 16 Dec 2026, 05:00"


def test_event_page_queries_do_not_grow_with_registrations(
    client, member, chapter, django_assert_max_num_queries
):
    event = EventFactory(parent=chapter, capacity=50)
    registrations.register(event=event, member=member)
    client.force_login(member)
    page(client, event)
    with django_assert_max_num_queries(EVENT_PAGE_BUDGET) as few:
        page(client, event)
    few_queries = len(few.captured_queries)  # read before the next request resets the log

    for _ in range(12):
        registrations.register(event=event, member=CustomerFactory())
    ChapterFactory()
    # New pages forget remembered routes (community.core.page_routing): one view routes again.
    page(client, event)

    with django_assert_max_num_queries(few_queries):
        page(client, event)


# Session, member, profile and roles; the page's route; its chapter; the member's registration;
# tags, industries and regions; organiser check; the notification bell.
EVENT_PAGE_BUDGET = 24


def test_the_body_shows_text_agenda_speakers_an_image_and_a_video(client, chapter, monkeypatch):
    # As if the video's host answered, without reaching the network.
    monkeypatch.setattr(
        EmbedValue, "html", property(lambda value: mark_safe('<iframe title="player"></iframe>'))
    )
    speaker = CustomerFactory(display_name="Lena Vogel")
    picture = make_image("The room at the last meetup")
    event = EventFactory(
        parent=chapter,
        body=[
            {"type": "text", "value": "<p>Bring your hardest journey.</p>"},
            {
                "type": "agenda",
                "value": [
                    {"starts_at": "18:00", "ends_at": "18:30", "title": "Doors and coffee"},
                    {"starts_at": "18:30", "title": "Lightning talks"},
                ],
            },
            {
                "type": "speakers",
                "value": [
                    {"member": speaker.pk, "role": "CRM lead, Lumen"},
                    {"name": "Diego Rocha", "role": "Zephyr Sports", "bio": "Runs peak week."},
                ],
            },
            {"type": "image", "value": {"image": picture.pk, "caption": "Last time"}},
            {"type": "video", "value": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        ],
    )

    html = page(client, event)

    assert "Bring your hardest journey." in html
    assert "18:00" in html and "Doors and coffee" in html and "Lightning talks" in html
    assert f'href="{speaker.get_absolute_url()}"' in html and "CRM lead, Lumen" in html
    assert "Diego Rocha" in html and "Runs peak week." in html
    assert "<figcaption>Last time</figcaption>" in html
    assert '<iframe title="player">' in html
