"""/events/: upcoming events soonest first, filters that work as plain GET forms, past events with
their recordings, chapters near the member, and a query count that does not grow with events."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.members.models import Audience, Country, Industry, Region
from events.models import EventTag
from events.pages import EventFormat
from tests.factories import CustomerFactory
from tests.factories.conference import ConferenceFactory
from tests.factories.events import (
    ChapterFactory,
    ChapterMembershipFactory,
    EventFactory,
    OnlineEventFactory,
)
from tests.factories.pages import publish
from tests.markup import elements

pytestmark = pytest.mark.django_db


def in_days(days: float):
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0)


def listed(client, query: str = "") -> list[str]:
    """The event titles the listing shows, in order."""
    response = client.get(f"/events/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    return [
        html[html.index(">", html.index(f'id="event-card-{pk}"')) + 1 :].split("<", 1)[0].strip()
        for pk in _card_ids(html)
    ]


def _card_ids(html: str) -> list[str]:
    return [
        attrs["id"].removeprefix("event-card-")
        for tag, attrs in elements(html)
        if tag == "a" and attrs.get("id", "").startswith("event-card-")
    ]


def chapter_in(city: str, country_code: str):
    """The chapter of `city` ("Berlin chapter" at /events/berlin/) in the given country, whatever
    the factory's rotation of countries."""
    return ChapterFactory(
        title=f"{city} chapter",
        slug=city.lower(),
        city=city,
        country=Country.objects.get(code=country_code),
    )


@pytest.fixture
def chapter(db):
    """Berlin, in Germany (so EMEA)."""
    return chapter_in("Berlin", "DE")


@pytest.fixture
def lyon(db):
    return chapter_in("Lyon", "FR")


@pytest.fixture
def toronto(db):
    return chapter_in("Toronto", "CA")


@pytest.fixture
def calendar(chapter, toronto):
    """Three upcoming events (out of order) and one past one with a recording."""
    later = EventFactory(parent=toronto, title="Toronto later", starts_at=in_days(20))
    soon = OnlineEventFactory(parent=chapter, title="Berlin soon", starts_at=in_days(2))
    middle = EventFactory(parent=chapter, title="Berlin middle", starts_at=in_days(9))
    past = EventFactory(
        parent=chapter,
        title="Berlin last month",
        starts_at=in_days(-30),
        ends_at=in_days(-30) + timedelta(hours=2),
        recording_url="https://video.example.com/last-month",
    )
    return {"later": later, "soon": soon, "middle": middle, "past": past}


def test_upcoming_events_come_soonest_first_without_past_ones(client, calendar):
    assert listed(client) == ["Berlin soon", "Berlin middle", "Toronto later"]


def test_past_events_are_on_their_own_tab_with_their_recordings(client, calendar):
    response = client.get("/events/?when=past")
    html = response.content.decode()

    assert listed(client, "?when=past") == ["Berlin last month"]
    assert 'href="https://video.example.com/last-month"' in html


def test_the_page_has_one_heading_and_renders_for_a_visitor(client, calendar):
    response = client.get("/events/")
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_the_filters_are_a_get_form_that_needs_no_script(client, calendar):
    html = client.get("/events/").content.decode()

    forms = [attrs for tag, attrs in elements(html) if tag == "form"]
    assert {"method": "get", "action": "/events/"}.items() <= forms[-1].items() or any(
        form.get("method") == "get" and form.get("action") == "/events/" for form in forms
    )
    names = {attrs.get("name") for tag, attrs in elements(html) if tag in ("select", "input")}
    assert {"format", "chapter", "region", "month", "tag", "industry", "audience"} <= names


def test_the_filter_menus_show_what_the_reader_picked(client, calendar):
    month = in_days(0).strftime("%Y-%m")
    html = client.get(f"/events/?format=online&chapter=toronto&month={month}").content.decode()

    picked = {}
    menu = None
    for tag, attrs in elements(html):
        if tag == "select":
            menu = attrs["name"]
        elif tag == "option" and "selected" in attrs:
            picked[menu] = attrs["value"]
    assert picked == {"format": "online", "chapter": "toronto", "month": month}


def test_near_me_turns_the_region_menu_off(client, calendar):
    client.force_login(CustomerFactory(profile__country=Country.objects.get(code="CA")))

    html = client.get("/events/?near=1").content.decode()

    (region,) = [
        attrs for tag, attrs in elements(html) if tag == "select" and attrs["name"] == "region"
    ]
    assert "disabled" in region


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?format=online", ["Berlin soon"]),
        ("?chapter=toronto", ["Toronto later"]),
        ("?region=NA", ["Toronto later"]),
        ("?region=emea", ["Berlin soon", "Berlin middle"]),
        ("?format=in_person&region=EMEA", ["Berlin middle"]),
    ],
)
def test_filters_narrow_the_listing(client, calendar, query, expected):
    assert listed(client, query) == expected


def test_the_month_filter_keeps_events_starting_that_month(client, chapter):
    first = in_days(40).replace(day=1, hour=12)
    EventFactory(parent=chapter, title="In that month", starts_at=first + timedelta(days=3))
    EventFactory(parent=chapter, title="The month after", starts_at=first + timedelta(days=40))

    assert listed(client, f"?month={first:%Y-%m}") == ["In that month"]


def test_tag_and_segment_filters(client, chapter):
    tagged = EventFactory(parent=chapter, title="Tagged and targeted", starts_at=in_days(3))
    tagged.tags.add("automation")
    retail = Industry.objects.order_by("sort_order").first()
    tagged.target_industries.add(retail)
    tagged.target_audience = Audience.B2C
    publish(tagged)
    EventFactory(parent=chapter, title="Plain", starts_at=in_days(4))

    assert listed(client, "?tag=automation") == ["Tagged and targeted"]
    assert listed(client, f"?industry={retail.slug}") == ["Tagged and targeted"]
    assert listed(client, f"?audience={Audience.B2C}") == ["Tagged and targeted"]
    assert EventTag.objects.filter(slug="automation").exists()


def test_a_webinar_meant_for_a_region_is_listed_under_it(client):
    webinar = OnlineEventFactory(title="APAC webinar", starts_at=in_days(5))
    webinar.target_regions.add(Region.objects.get(code="APAC"))
    publish(webinar)

    assert listed(client, "?region=APAC") == ["APAC webinar"]
    assert listed(client, "?region=NA") == []


def test_near_me_uses_the_members_region(client, calendar):
    canadian = CustomerFactory(profile__country=Country.objects.get(code="CA"))
    client.force_login(canadian)

    assert listed(client, "?near=1") == ["Toronto later"]


def test_near_me_without_a_country_says_how_to_get_it(client, calendar):
    member = CustomerFactory(profile__country=None)
    client.force_login(member)

    response = client.get("/events/?near=1")

    assert "Add your country to your profile" in response.content.decode()
    assert listed(client, "?near=1") == ["Berlin soon", "Berlin middle", "Toronto later"]


def test_an_unknown_chapter_is_ignored_with_a_note(client, calendar):
    response = client.get("/events/?chapter=atlantis")

    assert "That chapter isn&#x27;t listed any more" in response.content.decode()
    assert len(listed(client, "?chapter=atlantis")) == 3


def test_filter_chips_remove_one_filter_and_keep_the_others(client, calendar):
    html = client.get("/events/?format=online&chapter=berlin&when=past").content.decode()

    assert 'href="/events/?when=past&amp;chapter=berlin"' in html
    assert 'href="/events/?when=past&amp;format=online"' in html


def test_chapters_near_the_member_are_suggested(client, chapter, lyon, toronto):
    german = CustomerFactory(profile__country=Country.objects.get(code="DE"))
    ChapterMembershipFactory(chapter=lyon, member=german)
    client.force_login(german)

    html = client.get("/events/").content.decode()
    aside = html[html.index("Chapters near you") :]

    assert "Berlin chapter" in aside and "Lyon chapter" in aside
    assert "Toronto chapter" not in aside
    assert "Joined" in aside


def test_the_viewers_registrations_show_on_their_cards(client, member, calendar):
    from events.services import registrations

    registrations.register(event=calendar["middle"], member=member)
    client.force_login(member)

    assert "You're registered" in client.get("/events/").content.decode()


def test_pages_keep_the_filters(client, chapter):
    for day in range(14):
        EventFactory(
            parent=chapter, format=EventFormat.IN_PERSON, starts_at=in_days(day + 1), capacity=None
        )

    html = client.get("/events/?format=in_person").content.decode()

    assert 'href="/events/?format=in_person&amp;page=2"' in html
    assert len(listed(client, "?format=in_person&page=2")) == 2


def _make_events(count: int, chapter, toronto) -> None:
    for number in range(count):
        event = EventFactory(
            parent=chapter if number % 2 else toronto,
            starts_at=in_days(number + 1),
            capacity=10,
        )
        event.tags.add(f"topic-{number % 3}")
        publish(event)


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_listing_queries_do_not_grow_with_the_number_of_events(
    client, chapter, toronto, member, signed_in, django_assert_max_num_queries
):
    if signed_in:
        client.force_login(member)
    _make_events(3, chapter, toronto)
    client.get("/events/")
    with django_assert_max_num_queries(LISTING_BUDGET) as few:
        client.get("/events/?region=EMEA&format=in_person")
    few_queries = len(few.captured_queries)  # read before the next request resets the log

    _make_events(12, chapter, toronto)
    ChapterFactory()
    # New pages forget remembered routes (community.core.page_routing): one view routes again.
    client.get("/events/")

    with django_assert_max_num_queries(few_queries):
        response = client.get("/events/?region=EMEA&format=in_person")
    assert response.status_code == 200


# Session, member, profile and roles; the page's route; the region and filters asked for; the
# count and the page of events; their chapters, tags and pictures; the viewer's registrations;
# the filters' choices (chapters, regions, tags, industries); chapters near the member; the bell.
LISTING_BUDGET = 27


def test_events_outside_chapters_say_what_they_are(client):
    ConferenceFactory(title="Northwind Connect", starts_at=in_days(20), ends_at=in_days(21))
    OnlineEventFactory(title="Scoring leads webinar", starts_at=in_days(3), ends_at=in_days(3.1))
    EventFactory(title="Customer advisory day", starts_at=in_days(5), ends_at=in_days(5.2))

    html = client.get("/events/").content.decode()

    assert "Conference · In person" in html
    assert "Webinar · Online" in html
    assert "Company event · In person" in html
