"""The prompt in the page chrome: who sees it, what it costs, and answering from it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.listening import services
from community.listening.models import Response, Survey
from community.listening.prompt import pending_surveys
from tests.factories.listening import launched_survey

pytestmark = pytest.mark.django_db

PROMPT = 'id="survey-prompt-title"'
PAGE = "/notifications/"
# A page whose own content is the same for every member, to weigh the chrome alone.
PLAIN_PAGE = "/notifications/preferences/"


def _page(client, member, url=PAGE):
    client.force_login(member)
    return client.get(url).content.decode()


def test_a_member_of_the_segment_sees_the_question_as_a_radio_group(
    client, retail, retail_emea_member
):
    launched_survey(industries=[retail], product_name="Northwind CRM")

    page = _page(client, retail_emea_member)

    assert PROMPT in page
    assert "<legend" in page and "How likely are you to recommend Northwind CRM" in page
    assert page.count('type="radio" name="score"') == 11
    assert "Not now" in page


def test_members_outside_the_segment_and_visitors_see_no_prompt(
    client, retail, retail_emea_member, software_latam_member
):
    launched_survey(industries=[retail])

    assert PROMPT not in _page(client, software_latam_member)
    client.logout()
    assert PROMPT not in client.get(PAGE).content.decode()


def test_the_prompt_waits_for_the_survey_to_open(client, customer):
    launched_survey(
        opens_at=timezone.now() + timedelta(days=2), closes_at=timezone.now() + timedelta(days=9)
    )

    assert PROMPT not in _page(client, customer)
    later = timezone.now() + timedelta(days=3)
    assert len(pending_surveys(customer, now=later)) == 1


def test_answering_from_the_prompt_records_it_and_returns_to_the_page(
    client, customer, django_capture_on_commit_callbacks
):
    survey = launched_survey()
    _page(client, customer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/listening/surveys/{survey.pk}/answer/",
            {
                "score": "4",
                "reason": "Imports fail on accented names: Łódź, São Paulo.",
                "next": PAGE,
            },
        )

    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert Response.objects.get(member=customer).reason.endswith("São Paulo.")
    assert PROMPT not in _page(client, customer)


def test_not_now_hides_the_prompt(client, customer, django_capture_on_commit_callbacks):
    survey = launched_survey()
    assert PROMPT in _page(client, customer)

    response = client.post(f"/listening/surveys/{survey.pk}/dismiss/", {"next": PAGE})

    assert response.status_code == 302
    assert PROMPT not in _page(client, customer)


def test_a_refused_score_is_answered_422_with_the_reason_and_keeps_what_was_typed(client, customer):
    survey = launched_survey()
    client.force_login(customer)

    response = client.post(
        f"/listening/surveys/{survey.pk}/answer/", {"score": "١٠", "reason": "Ça marche 😀"}
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Choose a score from 0 to 10." in page
    assert "Ça marche 😀" in page
    assert not Response.objects.exists()


def test_answering_twice_from_two_tabs_is_refused_with_409(client, customer):
    survey = launched_survey()
    client.force_login(customer)
    client.post(f"/listening/surveys/{survey.pk}/answer/", {"score": "10"})

    response = client.post(f"/listening/surveys/{survey.pk}/answer/", {"score": "1"})

    assert response.status_code == 409
    assert list(Response.objects.values_list("score", flat=True)) == [10]


def test_the_survey_page_thanks_a_member_who_answered(client, customer):
    survey = launched_survey()
    services.answer_survey(survey=survey, member=customer, score="9", reason="Fast support")

    page = _page(client, customer, survey.get_absolute_url())

    assert "You answered <strong>9</strong>" in page
    assert PROMPT not in page


def test_a_member_not_asked_cannot_open_the_survey(
    client, retail, retail_emea_member, software_latam_member
):
    survey = launched_survey(industries=[retail])

    client.force_login(software_latam_member)
    assert client.get(survey.get_absolute_url()).status_code == 404
    assert client.post(f"/listening/surveys/{survey.pk}/answer/", {"score": "9"}).status_code == 404


def test_the_prompt_costs_no_query_once_cached_and_one_when_not(
    customer, django_assert_num_queries
):
    launched_survey()
    with django_assert_num_queries(1):
        assert len(pending_surveys(customer)) == 1
    with django_assert_num_queries(0):
        assert len(pending_surveys(customer)) == 1


def test_a_member_with_nothing_to_answer_costs_no_query_once_cached(
    customer, django_assert_num_queries
):
    pending_surveys(customer)
    with django_assert_num_queries(0):
        assert pending_surveys(customer) == []


def test_a_page_costs_the_same_queries_with_the_prompt_as_without(
    client, retail, retail_emea_member, software_latam_member
):
    for _ in range(3):
        launched_survey(industries=[retail])
    counts = {}
    for member in (retail_emea_member, software_latam_member):
        client.force_login(member)
        client.get(PLAIN_PAGE)  # the first page fills the member's cache entry
        with CaptureQueriesContext(connection) as queries:
            page = client.get(PLAIN_PAGE).content.decode()
        counts[member] = (len(queries), PROMPT in page)

    assert counts[retail_emea_member] == (counts[software_latam_member][0], True)
    assert counts[software_latam_member][1] is False


class _CountingCache:
    """The prompt's cache, counting reads."""

    def __init__(self, cache):
        self._cache = cache
        self.reads = 0

    def get(self, *args, **kwargs):
        self.reads += 1
        return self._cache.get(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._cache, name)


@pytest.fixture
def prompt_cache(monkeypatch):
    from community.listening import prompt

    counting = _CountingCache(prompt.cache)
    monkeypatch.setattr(prompt, "cache", counting)
    return counting


def test_a_visitors_page_never_reads_the_prompt_cache(client, prompt_cache):
    launched_survey()

    page = client.get(PAGE, follow=True)  # the sign-in page, in the same chrome

    assert page.status_code == 200 and PROMPT not in page.content.decode()
    assert prompt_cache.reads == 0


def test_a_members_page_reads_the_prompt_cache_once(client, customer, prompt_cache):
    launched_survey()
    client.force_login(customer)
    client.get(PLAIN_PAGE)  # fills the member's entry
    prompt_cache.reads = 0

    assert PROMPT in client.get(PLAIN_PAGE).content.decode()
    assert prompt_cache.reads == 1


def test_a_survey_page_stays_within_its_query_budget(
    client, customer, django_assert_max_num_queries
):
    survey = launched_survey()
    client.force_login(customer)
    client.get(survey.get_absolute_url())

    with django_assert_max_num_queries(12):
        assert client.get(survey.get_absolute_url()).status_code == 200


def test_the_notification_opens_the_survey(client, customer):
    survey = launched_survey()
    assert Survey.objects.filter(invitations__member=customer).exists()

    page = _page(client, customer, survey.get_absolute_url())

    assert "How likely are you to recommend Northwind CRM" in page
    assert 'name="score"' in page
