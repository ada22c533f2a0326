"""Community managers keep the conference programme in the Wagtail admin: its tracks on the
conference page, its sessions in their own screen. Other members never reach either."""

import pytest
from django.urls import reverse

from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.conference import ConferenceFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    return SessionFactory(conference=ConferenceFactory(), title="Lead scores loan officers trust")


def test_a_community_manager_lists_and_opens_the_sessions(client, session):
    client.force_login(CommunityManagerFactory())

    listing = client.get(reverse("wagtailsnippets_events_conferencesession:list"))
    editor = client.get(reverse("wagtailsnippets_events_conferencesession:edit", args=[session.pk]))

    assert listing.status_code == 200
    assert "Lead scores loan officers trust" in listing.content.decode()
    assert editor.status_code == 200
    assert "Speakers" in editor.content.decode()


def test_a_community_manager_edits_the_conference_tracks(client, session):
    client.force_login(CommunityManagerFactory())

    response = client.get(reverse("wagtailadmin_pages:edit", args=[session.conference_id]))

    assert response.status_code == 200
    assert "Data and integrations" in response.content.decode()


def test_a_member_never_reaches_the_sessions_screen(client, session):
    client.force_login(CustomerFactory())

    response = client.get(reverse("wagtailsnippets_events_conferencesession:list"))

    assert response.status_code in (302, 403)
