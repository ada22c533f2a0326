"""Chapter leaders run their own chapter's events in the Wagtail admin, and nothing else;
community managers run everything. Checked as real admin requests."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, streamfield

from events.pages import ChapterPage, EventPage
from events.services import chapters
from tests.factories import CustomerFactory
from tests.factories.events import ChapterFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(db):
    return CustomerFactory(display_name="Lena Vogel", email="lena@example.com")


@pytest.fixture
def own_chapter(chapter, leader):
    chapters.make_leaders(chapter=chapter, member_emails=[leader.email])
    return ChapterPage.objects.get(pk=chapter.pk)


@pytest.fixture
def other_chapter(db):
    return ChapterFactory(title="Lyon chapter", slug="lyon", city="Lyon")


def refused(response) -> bool:
    """Wagtail turns a signed-in editor away with a 403 or, with a message, to the dashboard."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_event_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["events", "eventpage", parent.pk])


def local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def event_form(*, title="Journeys night", slug="journeys-night", action=None, **fields):
    start = fields.pop("starts_at", timezone.now() + timedelta(days=10))
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Short talks and open questions.",
            "format": "in_person",
            "starts_at": local(start),
            "ends_at": local(start + timedelta(hours=2)),
            "time_zone": "Europe/Berlin",
            "venue_name": "Alte Münze",
            "address": "Molkenmarkt 2, Berlin",
            "map_url": "",
            "join_url": "",
            "capacity": "30",
            "registration_opens_at": "",
            "registration_closes_at": "",
            "tags": "journeys",
            "target_audience": "",
            "recording_url": "",
            "slides_url": "",
            "body": streamfield([]),
            **fields,
        }
    )
    if action:
        data[f"action-{action}"] = action
    return data


def test_making_a_leader_gives_the_chapter_group_its_pages(own_chapter, leader):
    group = ChapterPage.objects.get(pk=own_chapter.pk).leader_group
    assert list(group.user_set.all()) == [leader]
    assert list(own_chapter.leaders.all()) == [leader]
    assert own_chapter.permissions_for_user(leader).can_add_subpage()


def test_leader_opens_their_chapters_event_in_the_admin(client, own_chapter, event, leader):
    client.force_login(leader)
    explorer = client.get(reverse("wagtailadmin_explore", args=[own_chapter.pk]))
    assert explorer.status_code == 200 and edit_url(event) in explorer.content.decode()
    assert client.get(edit_url(event)).status_code == 200
    assert client.get(add_event_url(own_chapter)).status_code == 200


def test_leader_adds_and_publishes_an_event_in_their_chapter(client, own_chapter, leader):
    client.force_login(leader)

    response = client.post(add_event_url(own_chapter), event_form(slug="spring", action="publish"))

    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="spring")
    assert event.live
    assert event.get_parent().pk == own_chapter.pk


def test_leader_publishes_an_event_written_in_another_script(client, own_chapter, leader):
    client.force_login(leader)
    form = event_form(
        title="東京ミートアップ: 顧客の旅",
        slug="東京ミートアップ",
        summary="لقاء مفتوح حول رحلات العملاء",
        venue_name="Дом культуры",
        address="東京都千代田区丸の内1-1",
        tags="顧客, مؤتمر",
        action="publish",
    )

    response = client.post(add_event_url(own_chapter), form)

    assert response.status_code == 302, response.content.decode()[:2000]
    event = EventPage.objects.get(slug="東京ミートアップ")
    assert client.get(event.url).status_code == 200
    ics = client.get(reverse("events:event_ics", args=[event.pk]))
    assert "東京ミートアップ: 顧客の旅" in ics.content.decode()
    assert sorted(tag.name for tag in event.tags.all()) == ["مؤتمر", "顧客"]


def test_leader_edits_and_publishes_their_chapters_event(client, own_chapter, event, leader):
    client.force_login(leader)

    response = client.post(
        edit_url(event), event_form(title="Journeys night, moved", action="publish")
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.live) == ("Journeys night, moved", True)


def test_leader_cannot_touch_another_chapters_events(client, own_chapter, other_chapter, leader):
    theirs = EventFactory(parent=other_chapter, title="Lyon meetup")
    client.force_login(leader)

    assert refused(client.get(edit_url(theirs)))
    assert refused(client.get(add_event_url(other_chapter)))
    assert refused(client.post(edit_url(theirs), event_form(title="Taken", action="publish")))
    theirs.refresh_from_db()
    assert theirs.title == "Lyon meetup"


def test_leader_cannot_touch_company_webinars(client, own_chapter, leader):
    webinar = EventFactory(title="Company webinar")
    client.force_login(leader)
    assert refused(client.get(edit_url(webinar)))


def test_leader_cannot_edit_delete_or_move_the_chapter_page_itself(client, own_chapter, leader):
    client.force_login(leader)

    assert refused(client.get(edit_url(own_chapter)))
    assert refused(client.post(edit_url(own_chapter), {"title": "Ours now"}))
    assert refused(client.get(reverse("wagtailadmin_pages:delete", args=[own_chapter.pk])))
    assert refused(client.post(reverse("wagtailadmin_pages:delete", args=[own_chapter.pk])))
    assert refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[own_chapter.pk])))
    own_chapter.refresh_from_db()
    assert (own_chapter.title, own_chapter.live) == ("Berlin chapter", True)


def test_leader_cannot_make_the_chapter_private_move_copy_or_lock_it(
    client, own_chapter, other_chapter, leader
):
    client.force_login(leader)
    privacy = reverse("wagtailadmin_pages:set_privacy", args=[own_chapter.pk])

    assert refused(client.get(privacy))
    assert refused(client.post(privacy, {"restriction_type": "login"}))
    assert not PageViewRestriction.objects.filter(page=own_chapter).exists()
    move = reverse("wagtailadmin_pages:move_confirm", args=[own_chapter.pk, other_chapter.pk])
    assert refused(client.post(move))
    assert refused(client.post(reverse("wagtailadmin_pages:copy", args=[own_chapter.pk])))
    assert refused(client.post(reverse("wagtailadmin_pages:lock", args=[own_chapter.pk])))
    own_chapter.refresh_from_db()
    assert (own_chapter.get_parent().pk, own_chapter.locked) == (
        other_chapter.get_parent().pk,
        False,
    )
    # What the chapter's tree is theirs for stays theirs.
    tester = own_chapter.permissions_for_user(leader)
    assert tester.can_add_subpage() and tester.can_publish_subpage()


def test_a_member_who_leads_nothing_has_no_admin(client, event, member):
    client.force_login(member)
    response = client.get(edit_url(event))
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/login/" in response["Location"]


def test_a_community_manager_edits_chapters_and_any_event(client, chapter, event, manager):
    webinar = EventFactory(title="Company webinar")
    client.force_login(manager)

    assert client.get(edit_url(chapter)).status_code == 200
    assert client.get(edit_url(event)).status_code == 200
    assert client.get(edit_url(webinar)).status_code == 200


def test_a_community_manager_moves_an_event_to_another_chapter(
    client, chapter, other_chapter, event, manager
):
    client.force_login(manager)

    response = client.post(
        reverse("wagtailadmin_pages:move_confirm", args=[event.pk, other_chapter.pk])
    )

    assert response.status_code == 302
    assert EventPage.objects.get(pk=event.pk).get_parent().pk == other_chapter.pk


def test_a_removed_leader_loses_the_chapter(client, own_chapter, event, leader):
    chapters.remove_leader(chapter=own_chapter, member=leader)
    client.force_login(leader)

    response = client.get(edit_url(event))

    # No admin left at all: sent to the admin's sign-in page.
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not ChapterPage.objects.get(pk=own_chapter.pk).leader_group.user_set.exists()


def test_community_manager_makes_a_leader_from_the_admin(client, chapter, manager, leader):
    client.force_login(manager)

    response = client.post(
        reverse("events_make_leader"), {"chapter": chapter.pk, "members": leader.email}
    )

    assert response.status_code == 302
    assert chapter.permissions_for_user(leader).can_add_subpage()


def test_only_community_managers_make_leaders(client, chapter, leader):
    client.force_login(leader)
    response = client.post(
        reverse("events_make_leader"), {"chapter": chapter.pk, "members": leader.email}
    )
    assert response.status_code in (302, 403)
    assert not ChapterPage.objects.get(pk=chapter.pk).leaders.exists()


def test_the_command_makes_a_leader_and_runs_again_safely(chapter, leader):
    out = StringIO()
    call_command("make_chapter_leader", "berlin", "--member", leader.email, stdout=out)
    call_command("make_chapter_leader", str(chapter.pk), "--member", leader.email, stdout=out)

    assert "1 new leader(s)" in out.getvalue() and "0 new leader(s)" in out.getvalue()
    assert ChapterPage.objects.get(pk=chapter.pk).leader_group.user_set.get() == leader


def test_the_command_reads_a_chapter_id_in_ascii_digits_only(chapter, leader):
    other_script = "".join(chr(0x0660 + int(digit)) for digit in str(chapter.pk))  # Arabic-Indic

    with pytest.raises(CommandError, match="No chapter"):
        call_command("make_chapter_leader", other_script, "--member", leader.email)
    assert not ChapterPage.objects.get(pk=chapter.pk).leaders.exists()
