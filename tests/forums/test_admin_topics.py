"""Community managers pin and lock topics from the Wagtail admin; members cannot get there."""

import pytest

pytestmark = pytest.mark.django_db


def test_community_manager_pins_and_locks_a_topic_in_the_admin(client, community_manager, question):
    client.force_login(community_manager)

    listing = client.get("/admin/forum_topics/")
    response = client.post(
        f"/admin/forum_topics/edit/{question.pk}/", {"is_pinned": "on", "is_locked": "on"}
    )

    assert listing.status_code == 200
    assert question.title in listing.content.decode()
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.is_pinned and question.is_locked


def test_topic_text_cannot_be_changed_from_the_admin(client, community_manager, question):
    client.force_login(community_manager)
    original_title = question.title

    client.post(
        f"/admin/forum_topics/edit/{question.pk}/",
        {"is_pinned": "on", "title": "Rewritten behind the author's back"},
    )

    question.refresh_from_db()
    assert question.title == original_title


def test_customer_cannot_open_the_topic_admin(client, customer, question):
    client.force_login(customer)

    response = client.get(f"/admin/forum_topics/edit/{question.pk}/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
