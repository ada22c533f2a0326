"""Posting hostile input as a signed-in customer. A test module takes the fixtures with
`client, member = hostile_input.client, hostile_input.member`."""

import pytest


@pytest.fixture
def client(client):
    # A crash must show up as a 500 response here, not as an exception in the test.
    client.raise_request_exception = False
    return client


@pytest.fixture
def member(client, customer):
    client.force_login(customer)
    return customer
