"""Whatever is typed into an address or a form of the events section, the answer is a page or a
clear 4xx, never a server error: ids in other digits ("١٢", "１２"), ids of nothing, numbers too
big for any row, and text in any script in every field, filter and search box."""

import pytest
from django.urls import reverse

from events.models import Registration
from events.services import registrations
from tests.factories import CustomerFactory
from tests.factories.conference import ConferenceFactory, SessionFactory
from tests.factories.events import ChapterFactory, EventFactory

pytestmark = pytest.mark.django_db

# Not ASCII digits (Arabic-Indic, full-width), nobody's id, and past any database integer.
BAD_IDS = ["١٢", "１２", "987654", "99999999999999999999999"]

# Every address of the section that carries an id, with the method it answers to.
ID_ADDRESSES = [
    ("post", "/events/e/{}/register/"),
    ("post", "/events/e/{}/cancel/"),
    ("get", "/events/e/{}/calendar.ics"),
    ("get", "/events/e/{}/registrations/"),
    ("get", "/events/e/{}/registrations.csv"),
    ("get", "/events/e/{}/check-in/"),
    ("post", "/events/e/{}/check-in/"),
    ("get", "/events/e/{}/agenda/"),
    ("get", "/events/e/{}/agenda.ics"),
    ("post", "/events/chapters/{}/join/"),
    ("post", "/events/chapters/{}/leave/"),
    ("get", "/events/chapters/{}/calendar.ics"),
]

NON_LATIN = "東京の勉強会 — لقاء الرياض — Встреча в Москве"


@pytest.mark.parametrize("method, address", ID_ADDRESSES)
@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_an_id_that_names_nothing_is_a_404(client, manager, event, method, address, bad_id):
    # A community manager may organise everything, so nothing but the id can refuse.
    client.force_login(manager)
    response = getattr(client, method)(address.format(bad_id), {"code": "ABCD2345"})
    assert response.status_code == 404


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("action", ["add", "remove"])
def test_a_conference_session_that_does_not_exist_is_a_404(client, manager, bad_id, action):
    conference = ConferenceFactory()
    session = SessionFactory(conference=conference)
    registrations.register(event=conference, member=manager)
    client.force_login(manager)
    for address in (
        f"/events/e/{conference.pk}/sessions/{bad_id}/{action}/",
        f"/events/e/{bad_id}/sessions/{session.pk}/{action}/",
    ):
        assert client.post(address).status_code == 404, address


def test_another_conferences_session_is_a_404(client, manager):
    conference, other = ConferenceFactory(), ConferenceFactory()
    session = SessionFactory(conference=other)
    registrations.register(event=conference, member=manager)
    client.force_login(manager)

    response = client.post(f"/events/e/{conference.pk}/sessions/{session.pk}/add/")

    assert response.status_code == 404


@pytest.mark.parametrize("token", ["١٢", "東京", "x" * 300, "..%2F..%2Fetc"])
def test_a_calendar_address_that_is_nobodys_is_a_404(client, token):
    assert client.get(f"/events/calendar/{token}.ics").status_code == 404


def test_the_listing_takes_text_in_any_script_in_every_filter(client, event):
    response = client.get(
        "/events/",
        {
            "when": "過去",
            "format": "オンライン",
            "chapter": "東京",
            "region": "欧洲",
            "month": "٢٠٢٧-٠١",
            "tag": "مؤتمر",
            "industry": "小売",
            "audience": "Б2Б",
            "near": "да",
            "page": "１２",
        },
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "month", ["9999-12", "0001-01", "0000-01", "2027-13", "２０２７-０１", "-1-1", "2027", "1e9-1"]
)
def test_any_month_in_the_address_lists_events_or_none(client, event, month):
    assert client.get("/events/", {"month": month}).status_code == 200


@pytest.mark.parametrize("page", ["١٢", "１２", "abc", "-1", "99999999999999999999999"])
def test_any_page_number_lists_events(client, event, page):
    assert client.get("/events/", {"page": page}).status_code == 200


def test_a_chapter_and_an_event_in_another_script_read_and_export_as_typed(client, manager):
    chapter = ChapterFactory(title="東京チャプター", slug="東京", city="東京")
    event = EventFactory(
        parent=chapter,
        title="مؤتمر العملاء",
        slug="مؤتمر",
        summary=NON_LATIN,
        venue_name="Дом культуры",
        address="東京都千代田区丸の内1-1",
    )
    event.tags.add("顧客", "مؤتمر")
    event.save_revision().publish()
    member = CustomerFactory(display_name="Наталья Иванова")
    registration = registrations.register(event=event, member=member)
    client.force_login(member)

    assert "مؤتمر العملاء" in client.get(event.url).content.decode()
    assert "東京チャプター" in client.get(chapter.url).content.decode()
    for params in ({"chapter": "東京"}, {"tag": "顧客"}, {"q": "東京"}):
        assert client.get("/events/", params).status_code == 200, params
    ics = client.get(reverse("events:event_ics", args=[event.pk]))
    assert "مؤتمر العملاء" in ics.content.decode()
    # Named the way browsers read a name in any script, not a header garbled whole.
    assert ics["Content-Disposition"].startswith("attachment; filename*=utf-8''%D9%85")
    feed = client.get(reverse("events:chapter_feed", args=[chapter.pk]))
    assert "Дом культуры" in feed.content.decode()

    client.force_login(manager)
    listing = client.get(reverse("events:registrations", args=[event.pk]), {"q": "Наталья"})
    assert "Наталья Иванова" in listing.content.decode()
    csv = client.get(reverse("events:registrations_csv", args=[event.pk]))
    assert "Наталья Иванова" in csv.content.decode("utf-8-sig")
    assert csv["Content-Disposition"] == (
        f'attachment; filename="event-{event.pk}-registrations.csv"'
    )
    checked = client.post(reverse("events:check_in", args=[event.pk]), {"code": registration.code})
    assert checked.status_code == 302


@pytest.mark.parametrize("code", [NON_LATIN[:16], "١٢٣٤٥٦٧٨", "ＡＢＣＤ２３４５", "ß" * 16, "  "])
def test_a_check_in_code_in_any_script_is_refused_with_the_form(client, manager, event, code):
    registrations.register(event=event, member=CustomerFactory())
    client.force_login(manager)

    response = client.post(reverse("events:check_in", args=[event.pk]), {"code": code})

    assert response.status_code in (409, 422)
    assert not Registration.objects.filter(event=event, status="attended").exists()


@pytest.mark.parametrize("query", [NON_LATIN, "١٢", "%_\\", "x" * 500])
def test_the_registration_list_searches_any_text(client, manager, event, query):
    client.force_login(manager)
    address = reverse("events:registrations", args=[event.pk])
    assert client.get(address, {"q": query}).status_code == 200
    assert (
        client.get(reverse("events:check_in", args=[event.pk]), {"code": query}).status_code == 200
    )


@pytest.mark.parametrize("chapter_id", ["١٢", "１２", "987654", "東京", "99999999999999999999999"])
def test_naming_a_leader_of_no_chapter_is_refused_with_the_form(client, manager, chapter_id):
    client.force_login(manager)
    address = reverse("events_make_leader")

    assert client.get(address, {"chapter": chapter_id}).status_code == 200
    response = client.post(address, {"chapter": chapter_id, "members": "nobody@example.com"})
    assert response.status_code == 422


def test_naming_a_leader_by_an_address_in_another_script_is_refused_with_the_form(
    client, manager, chapter
):
    client.force_login(manager)
    response = client.post(
        reverse("events_make_leader"), {"chapter": chapter.pk, "members": "наталья@пример.рф"}
    )
    assert response.status_code == 422
    assert not chapter.leaders.exists()


@pytest.mark.parametrize("query", [NON_LATIN, "١٢", "x" * 500])
def test_the_leader_search_takes_any_text(client, manager, query):
    client.force_login(manager)
    response = client.get(reverse("events_member_search"), {"q": query})
    assert response.status_code == 200
    assert "results" in response.json()


@pytest.mark.parametrize("bad_id", BAD_IDS)
@pytest.mark.parametrize("screen", ["edit", "delete", "history", "usage"])
def test_a_conference_session_screen_for_no_session_is_a_404(client, manager, bad_id, screen):
    client.force_login(manager)
    address = reverse("wagtailsnippets_events_conferencesession:edit", args=["1"])
    response = client.get(address.replace("/edit/1/", f"/{screen}/{bad_id}/"))
    assert response.status_code == 404


@pytest.mark.parametrize("query", [NON_LATIN, "١٢", "x" * 500])
def test_the_conference_sessions_list_searches_and_filters_any_text(client, manager, query):
    client.force_login(manager)
    response = client.get(
        reverse("wagtailsnippets_events_conferencesession:list"),
        {"q": query, "conference": query, "track": query, "p": query},
    )
    assert response.status_code in (200, 400)
