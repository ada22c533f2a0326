"""Refusals become responses in one place: 403 with the reason, 422, 429 and 503 with Retry-After.

Scripts that ask for JSON get `{"error": reason}`; browsers get a page, or go back to the page
the view named with the reason as a message.
"""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import Client, RequestFactory
from psycopg_pool import PoolTimeout

from community.core import errors
from community.core.drafts import DraftTooLarge
from community.core.errors import DomainErrorMiddleware, Rejected
from community.core.ratelimit import RateLimited
from community.moderation.trust import PostRejected
from forums import selectors

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}
SLOW_DOWN = "You're doing that a lot. Please wait about 5 minutes and try again."


def body(response) -> dict:
    return json.loads(response.content)


def refused(error: Exception, *, headers=None, back: str | None = None, method: str = "post"):
    """What the middleware answers when a view raised `error`."""
    request = getattr(RequestFactory(), method)("/somewhere/", headers=headers or {})
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)
    if back:
        errors.return_to(request, back)
    response = DomainErrorMiddleware(lambda request: None).process_exception(request, error)
    return request, response


# --- 403 ------------------------------------------------------------------------------------


def test_a_refusal_answers_a_script_403_with_the_reason_as_json():
    _, response = refused(PermissionDenied("Your account is suspended."), headers=JSON)

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert body(response) == {"error": "Your account is suspended."}


def test_a_refusal_without_a_reason_still_says_something():
    _, response = refused(PermissionDenied(), headers=JSON)

    assert body(response) == {"error": "You can't do that."}


def test_a_browser_goes_back_to_the_page_the_view_named_with_the_reason():
    request, response = refused(PermissionDenied("Topics here are locked."), back="/forums/t/7/")

    assert response.status_code == 302
    assert response["Location"] == "/forums/t/7/"
    assert [str(message) for message in get_messages(request)] == ["Topics here are locked."]


def test_a_browser_with_nowhere_to_go_back_gets_the_403_page_with_the_reason():
    _, response = refused(PermissionDenied("Only community managers can manage topics."))

    assert response.status_code == 403
    assert "Only community managers can manage topics." in response.content.decode()


# --- 422 ------------------------------------------------------------------------------------


def test_rejected_input_answers_422():
    _, response = refused(PostRejected("Posts can hold at most 5 links."), headers=JSON)

    assert response.status_code == 422
    assert body(response) == {"error": "Posts can hold at most 5 links."}


def test_a_rejection_can_name_its_own_status():
    _, response = refused(DraftTooLarge("This draft is too long to keep."), headers=JSON)

    assert response.status_code == 413
    assert "too long" in body(response)["error"]


def test_rejected_input_from_a_browser_with_nowhere_to_go_back_gets_a_page():
    _, response = refused(Rejected("That title is taken."))

    assert response.status_code == 422
    assert "That title is taken." in response.content.decode()


def test_rejected_input_from_a_browser_goes_back_with_the_reason():
    request, response = refused(Rejected("That title is taken."), back="/forums/new/")

    assert (response.status_code, response["Location"]) == (302, "/forums/new/")
    assert [str(message) for message in get_messages(request)] == ["That title is taken."]


def test_refusals_never_carry_retry_after():
    for error in (PermissionDenied("No."), Rejected("No.")):
        _, response = refused(error, headers=JSON)
        assert "Retry-After" not in response


# --- 429 ------------------------------------------------------------------------------------


def test_a_rate_limit_answers_a_script_429_with_retry_after():
    _, response = refused(RateLimited(SLOW_DOWN, retry_after=300), headers=JSON)

    assert response.status_code == 429
    assert body(response) == {"error": SLOW_DOWN}
    assert response["Retry-After"] == "300"


def test_a_rate_limit_shows_a_browser_the_429_page_rather_than_going_back():
    # A redirect would hide the status, and clients back off on the status.
    _, response = refused(RateLimited(SLOW_DOWN, retry_after=42), back="/forums/t/7/")

    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    assert "Please wait about 5 minutes" in response.content.decode()


def test_a_form_shown_again_gets_the_status_and_retry_after_of_its_refusal():
    from django.http import HttpResponse

    page = errors.refused_page(HttpResponse("the form"), RateLimited(SLOW_DOWN, retry_after=9))

    assert (page.status_code, page["Retry-After"]) == (429, "9")
    assert errors.refused_page(HttpResponse(), PostRejected("No.")).status_code == 422
    assert errors.refused_page(HttpResponse(), PermissionDenied("No.")).status_code == 403


# --- 503 ------------------------------------------------------------------------------------


def pool_timeout_through_django() -> OperationalError:
    """What a view sees: Django wraps psycopg's error in its own, the original as the cause."""
    try:
        try:
            raise PoolTimeout("couldn't get a connection after 20.00 sec")
        except PoolTimeout as cause:
            raise OperationalError(*cause.args) from cause
    except OperationalError as error:
        return error


@pytest.mark.parametrize("error", [PoolTimeout("timed out"), pool_timeout_through_django()])
def test_no_free_database_connection_answers_503_with_retry_after(error):
    _, as_script = refused(error, headers=JSON, method="get")
    _, as_page = refused(error, method="get")

    assert as_script.status_code == as_page.status_code == 503
    assert as_script["Retry-After"] == as_page["Retry-After"] == "5"
    assert "try again" in body(as_script)["error"]
    assert "Error 503" in as_page.content.decode()


def test_other_database_errors_are_left_to_the_next_handler():
    _, response = refused(OperationalError("server closed the connection"), method="get")

    assert response is None


def test_errors_that_are_no_refusal_are_left_alone():
    _, response = refused(ValueError("a bug"))

    assert response is None


def test_a_page_that_finds_no_free_connection_answers_503_not_500(monkeypatch, forums):
    def busy(*args, **kwargs):
        raise pool_timeout_through_django()

    monkeypatch.setattr(selectors, "categories_for_index", busy)

    response = Client(raise_request_exception=False).get("/forums/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
