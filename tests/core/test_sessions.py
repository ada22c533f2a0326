"""Sessions read with one fixed statement behave as Django's database sessions."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from community.core.sessions import SessionStore
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def saved_session(**data) -> str:
    session = SessionStore()
    session.update(data)
    session.save()
    return session.session_key


def test_a_saved_session_is_read_back_whole():
    key = saved_session(cart=["a", "b"], theme="dark")

    assert dict(SessionStore(key).load()) == {"cart": ["a", "b"], "theme": "dark"}


def test_an_expired_session_reads_as_empty_and_loses_its_key():
    key = saved_session(theme="dark")
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    session = SessionStore(key)

    assert session.load() == {}
    assert session.session_key is None


def test_an_unknown_or_malformed_key_reads_as_empty():
    assert SessionStore("x" * 32).load() == {}
    assert SessionStore("short").load() == {}


def test_a_member_stays_signed_in_across_pages_and_is_signed_out_by_logging_out(client):
    member = CustomerFactory()
    client.force_login(member)

    assert client.get("/notifications/").status_code == 200
    client.post("/accounts/logout/")

    assert client.get("/notifications/").status_code == 302
