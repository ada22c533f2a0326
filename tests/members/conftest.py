"""A member signed in to edit their own profile."""

import pytest

from tests.factories import CustomerFactory


@pytest.fixture
def member(client):
    member = CustomerFactory(display_name="Ana Lima", profile__company="Old Company")
    client.force_login(member)
    return member
