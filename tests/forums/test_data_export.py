"""Members download what the community holds about them, even while banned."""

import json

import pytest
from django.utils import timezone

from community.members.models import Profile
from forums import services
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_member_downloads_their_profile_and_posts(client, question):
    asker = question.author
    services.post_reply(
        topic=question, author=asker, body="Answering my own question for the record."
    )
    client.force_login(asker)

    response = client.get("/members/me/export/")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == asker.email
    assert data["profile"]["industry"] == str(asker.profile.industry)
    assert [topic["title"] for topic in data["forums"]["topics"]] == [question.title]
    assert data["forums"]["replies"][0]["body"] == "Answering my own question for the record."


def test_export_holds_only_the_members_own_posts(client, question):
    other = CustomerFactory()
    services.post_reply(topic=question, author=other, body="Someone else's reply stays out of it.")
    client.force_login(question.author)

    data = json.loads(client.get("/members/me/export/").content)

    assert data["forums"]["replies"] == []


def test_banned_member_can_still_export_their_data(client, question):
    Profile.objects.filter(user=question.author).update(banned_at=timezone.now())
    client.force_login(question.author)

    response = client.get("/members/me/export/")

    assert response.status_code == 200


def test_export_requires_signing_in(client, db):
    response = client.get("/members/me/export/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
