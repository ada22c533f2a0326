"""Naming a chapter's leaders in the admin among thousands of members: the chapter form lists its
leaders only, a search finds the others by name or handle, and saving keeps whom it shows."""

import json

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from events.pages import ChapterPage
from events.services import chapters
from tests.factories import CustomerFactory
from tests.factories.events import ChapterFactory

pytestmark = pytest.mark.django_db

SEARCH_URL = "/admin/events/members/search/"


@pytest.fixture
def leader(db):
    return CustomerFactory(display_name="Lena Vogel", username="lena", email="lena@example.com")


@pytest.fixture
def led_chapter(leader):
    chapter = ChapterFactory(title="Hamburg chapter", slug="hamburg", city="Hamburg")
    chapters.make_leaders(chapter=chapter, member_emails=[leader.email])
    return ChapterPage.objects.get(pk=chapter.pk)


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def chapter_form(chapter: ChapterPage, *, leaders) -> dict:
    data = nested_form_data(
        {
            "title": chapter.title,
            "slug": chapter.slug,
            "city": chapter.city,
            "country": chapter.country_id,
            "description": rich_text("<p>Meetups in Hamburg.</p>"),
            "cover_image": "",
        }
    )
    data["leaders"] = [str(member.pk) for member in leaders]
    data["action-publish"] = "action-publish"
    return data


def leaders_field(html: str) -> str:
    start = html.index('name="leaders"')
    return html[start : html.index("</select>", start)]


def search(client, query: str):
    return client.get(SEARCH_URL, {"q": query}, HTTP_ACCEPT="application/json")


def test_the_chapter_form_lists_its_leaders_and_not_every_member(
    client, manager, led_chapter, leader, django_assert_max_num_queries
):
    CustomerFactory(display_name="Bruno Costa")
    client.force_login(manager)
    client.get(edit_url(led_chapter))
    with django_assert_max_num_queries(80) as few:
        html = client.get(edit_url(led_chapter)).content.decode()

    field = leaders_field(html)
    assert "Lena Vogel (@lena)" in field and "selected" in field
    assert "Bruno Costa" not in html
    assert "member_search_admin.js" in html

    for number in range(30):
        CustomerFactory(display_name=f"Crowd member {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(edit_url(led_chapter)).content.decode()
    assert leaders_field(html).count("<option") == 1


def test_a_community_manager_finds_a_member_by_name_or_handle_in_any_script(client, manager):
    CustomerFactory(display_name="Zoë Ångström", username="zoe")
    CustomerFactory(display_name="李小龍", username="xiaolong")
    CustomerFactory(display_name="Olusegun Adeyemi", username="segun")
    client.force_login(manager)

    assert [hit["label"] for hit in search(client, "Ångs").json()["results"]] == [
        "Zoë Ångström (@zoe)"
    ]
    assert search(client, "小龍").json()["results"][0]["label"] == "李小龍 (@xiaolong)"
    assert search(client, "@segun").json()["results"][0]["label"].startswith("Olusegun")


def test_the_search_answers_nothing_for_one_letter_and_at_most_twenty(client, manager):
    for number in range(25):
        CustomerFactory(display_name=f"Marta {number}")
    client.force_login(manager)

    assert search(client, "M").json() == {"results": []}
    assert len(search(client, "Marta").json()["results"]) == 20


@pytest.mark.parametrize("query", ["%", "_", "' OR 1=1 --", "<script>alert(1)</script>", "x" * 500])
def test_hostile_searches_are_plain_text(client, manager, query):
    client.force_login(manager)

    response = search(client, query)

    assert response.status_code == 200
    assert json.loads(response.content)["results"] == []


def test_banned_members_are_not_offered(client, manager):
    banned = CustomerFactory(display_name="Vera Banned")
    banned.profile.banned_at = banned.date_joined
    banned.profile.save()
    client.force_login(manager)

    assert search(client, "Vera").json()["results"] == []


def test_only_community_managers_search_members(client, led_chapter, leader, member):
    for person in (leader, member):
        client.force_login(person)
        response = search(client, "Lena")
        assert response.status_code in (302, 403)
        assert b"lena" not in response.content.lower() or response.status_code == 302
    client.logout()
    assert search(client, "Lena").status_code == 302


def test_saving_the_chapter_with_a_found_member_makes_them_a_leader(
    client, manager, led_chapter, leader
):
    newcomer = CustomerFactory(display_name="Jonas Weber")
    client.force_login(manager)

    response = client.post(
        edit_url(led_chapter), chapter_form(led_chapter, leaders=[leader, newcomer])
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    chapter = ChapterPage.objects.get(pk=led_chapter.pk)
    assert set(chapter.leaders.all()) == {leader, newcomer}
    assert chapter.permissions_for_user(newcomer).can_add_subpage()


def test_an_unknown_member_id_is_refused_with_the_form_kept(client, manager, led_chapter, leader):
    client.force_login(manager)
    data = chapter_form(led_chapter, leaders=[leader])
    data["leaders"].append("99999999")

    response = client.post(edit_url(led_chapter), data)

    assert response.status_code == 200  # Wagtail shows the form again with the error
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "Lena Vogel (@lena)" in leaders_field(html)
    assert set(ChapterPage.objects.get(pk=led_chapter.pk).leaders.all()) == {leader}
