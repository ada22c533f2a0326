"""A member names their time zone on their profile; event pages then read in it."""

import pytest
from django.core.exceptions import ValidationError

from community.members.data_export import export_member
from community.members.models import Profile
from tests.factories import CustomerFactory
from tests.members.test_profile_views import EDIT_URL, profile_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    member = CustomerFactory(display_name="Ana Lima")
    client.force_login(member)
    return member


def test_the_profile_form_offers_every_iana_zone_and_none(client, member):
    html = client.get(EDIT_URL).content.decode()

    assert 'name="time_zone"' in html
    assert '<option value="America/Sao_Paulo">America/Sao Paulo</option>' in html
    assert '<option value="Asia/Kathmandu">Asia/Kathmandu</option>' in html
    assert "Not set: each event&#x27;s own time zone" in html
    # Filled in from the browser only when the member has not chosen: the script reads this.
    assert "data-guess-time-zone" in html
    assert "community/js/time_zone" in html


def test_a_member_saves_their_time_zone_and_finds_it_again(client, member):
    response = client.post(EDIT_URL, profile_data(time_zone="America/Sao_Paulo"))

    assert response.status_code == 302
    assert Profile.objects.get(user=member).time_zone == "America/Sao_Paulo"
    html = client.get(EDIT_URL).content.decode()
    assert '<option value="America/Sao_Paulo" selected>' in html


def test_a_member_can_go_back_to_each_events_own_zone(client, member):
    Profile.objects.filter(user=member).update(time_zone="Asia/Tokyo")

    client.post(EDIT_URL, profile_data(time_zone=""))

    assert Profile.objects.get(user=member).time_zone == ""


@pytest.mark.parametrize(
    "typed", ["Mars/Olympus_Mons", "Europe/Paris<script>", "../../etc/localtime", "Europe/París"]
)
def test_an_unknown_zone_is_refused_and_the_form_keeps_what_was_typed(client, member, typed):
    Profile.objects.filter(user=member).update(time_zone="Asia/Tokyo")

    response = client.post(EDIT_URL, profile_data(time_zone=typed, company="Loja Verde"))

    assert response.status_code == 422
    html = response.content.decode()
    assert "We don&#x27;t know that time zone" in html
    assert 'value="Loja Verde"' in html
    assert "<script>" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert Profile.objects.get(user=member).time_zone == "Asia/Tokyo"


def test_a_stored_zone_outside_the_database_is_refused_by_the_model():
    profile = CustomerFactory().profile
    profile.time_zone = "Europe/Atlantis"

    with pytest.raises(ValidationError, match="not an IANA time zone"):
        profile.full_clean()


def test_the_data_export_includes_the_time_zone(client, member):
    Profile.objects.filter(user=member).update(time_zone="Europe/Lisbon")
    member.refresh_from_db()

    assert export_member(member)["profile"]["time_zone"] == "Europe/Lisbon"
