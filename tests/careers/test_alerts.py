"""Job alerts: a member saves the board's filters; a posting that opens reaches each matching
member once, at once or in a daily or weekly summary, however many times anything runs."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from careers import services as posting_services
from careers.alerts import services
from careers.application_models import AlertFrequency, JobAlert, SavedSearch
from careers.filters import JobFilters
from careers.models import PostingStatus
from careers.notification_kinds import CareersKind
from community.notifications.emails import send_digests
from community.notifications.models import Notification
from tests.factories import CustomerFactory
from tests.factories.careers import JobPostingFactory
from tests.factories.careers_applications import SavedSearchFactory
from tests.factories.notifications import NotificationPreferenceFactory

pytestmark = pytest.mark.django_db


def alerts_for(member) -> list[Notification]:
    return list(Notification.objects.filter(recipient=member, kind=CareersKind.JOB_ALERT))


@pytest.fixture
def draft(company):
    return JobPostingFactory(
        company=company,
        status=PostingStatus.DRAFT,
        posted_at=None,
        title="Marketing Automation Lead",
        workplace_type="remote",
        remote_countries=["DE", "PT"],
    )


def publish(draft, employer, capture):
    with capture(execute=True):
        posting_services.submit_posting(posting=draft, member=employer)


# --- Instant alerts --------------------------------------------------------------------------


def test_a_job_that_opens_alerts_a_matching_search_at_once_by_notification_and_mail(
    draft, employer, seeker, django_capture_on_commit_callbacks
):
    SavedSearchFactory(member=seeker, name="Remote automation", query="q=automation&remote=1")
    publish(draft, employer, django_capture_on_commit_callbacks)
    (alert,) = alerts_for(seeker)
    assert "Remote automation" in alert.text and "Marketing Automation Lead" in alert.text
    assert alert.url == draft.get_absolute_url()
    assert [message.to for message in mail.outbox] == [[seeker.email]]
    assert JobAlert.objects.get(member=seeker).sent_at is not None


def test_a_member_who_chose_the_daily_digest_gets_the_alert_there_and_not_at_once(
    draft, employer, seeker, django_capture_on_commit_callbacks
):
    NotificationPreferenceFactory(member=seeker, kind=CareersKind.JOB_ALERT, delivery="digest")
    SavedSearchFactory(member=seeker, name="Remote automation", query="q=automation&remote=1")
    publish(draft, employer, django_capture_on_commit_callbacks)
    (alert,) = alerts_for(seeker)
    assert alert.delivery == "digest"
    assert mail.outbox == []
    assert send_digests() == 1
    (digest,) = mail.outbox
    assert digest.to == [seeker.email] and "Marketing Automation Lead" in digest.body


def test_a_search_that_does_not_match_stays_quiet(
    draft, employer, seeker, django_capture_on_commit_callbacks
):
    SavedSearchFactory(member=seeker, query="q=deliverability")
    SavedSearchFactory(query="country=JP")
    publish(draft, employer, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(kind=CareersKind.JOB_ALERT).exists()
    assert not JobAlert.objects.exists()


def test_a_member_whose_searches_all_match_hears_once(
    draft, employer, seeker, django_capture_on_commit_callbacks
):
    SavedSearchFactory(member=seeker, name="Automation", query="q=automation")
    SavedSearchFactory(member=seeker, name="Remote", query="remote=1", frequency="daily")
    SavedSearchFactory(member=seeker, name="Everything", query="", frequency="weekly")
    publish(draft, employer, django_capture_on_commit_callbacks)
    assert len(alerts_for(seeker)) == 1
    assert JobAlert.objects.get(member=seeker).frequency == AlertFrequency.INSTANT


def test_matching_again_tells_nobody_twice(
    draft, employer, seeker, django_capture_on_commit_callbacks
):
    SavedSearchFactory(member=seeker, query="q=automation")
    publish(draft, employer, django_capture_on_commit_callbacks)
    assert services.match_posting(draft.pk) == 0
    assert len(alerts_for(seeker)) == 1


def test_a_reopened_job_is_not_sent_again(
    draft, employer, seeker, django_capture_on_commit_callbacks
):
    SavedSearchFactory(member=seeker, query="q=automation")
    publish(draft, employer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        posting_services.close_posting(posting=draft, member=employer)
        posting_services.reopen_posting(posting=draft, member=employer)
    assert len(alerts_for(seeker)) == 1


def test_a_job_awaiting_approval_alerts_nobody_until_approved(
    company, employer, seeker, manager, django_capture_on_commit_callbacks
):
    company.approved_postings = 0
    company.save(update_fields=["approved_postings"])
    draft = JobPostingFactory(
        company=company, status=PostingStatus.DRAFT, posted_at=None, title="CRM Automation Analyst"
    )
    SavedSearchFactory(member=seeker, query="q=automation")
    publish(draft, employer, django_capture_on_commit_callbacks)
    draft.refresh_from_db()
    assert draft.status == PostingStatus.PENDING
    assert alerts_for(seeker) == []
    with django_capture_on_commit_callbacks(execute=True):
        posting_services.publish_approved(draft)
    assert len(alerts_for(seeker)) == 1


def test_the_employer_is_not_alerted_of_their_own_job(
    draft, employer, django_capture_on_commit_callbacks
):
    SavedSearchFactory(member=employer, query="q=automation")
    publish(draft, employer, django_capture_on_commit_callbacks)
    assert alerts_for(employer) == []


# --- Daily and weekly summaries --------------------------------------------------------------


def test_daily_searches_gather_jobs_into_one_summary_sent_once(
    company, employer, seeker, django_capture_on_commit_callbacks
):
    search = SavedSearchFactory(member=seeker, name="Automation", query="q=automation")
    search.frequency = AlertFrequency.DAILY
    search.save()
    titles = [
        "Automation Engineer",
        "Marketing Automation Lead",
        "Automation Analyst",
        "Automation Intern",
    ]
    for title in titles:
        draft = JobPostingFactory(
            company=company, status=PostingStatus.DRAFT, posted_at=None, title=title
        )
        publish(draft, employer, django_capture_on_commit_callbacks)
    assert alerts_for(seeker) == []  # nothing at once for a daily search
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_summaries(AlertFrequency.DAILY) == 1
        assert services.send_summaries(AlertFrequency.DAILY) == 0
    (summary,) = alerts_for(seeker)
    assert summary.text.startswith("4 new jobs for “Automation”")
    assert "and 1 more" in summary.text
    assert summary.url == "/careers/?q=automation"


def test_a_weekly_search_waits_for_its_week(
    draft, employer, seeker, django_capture_on_commit_callbacks
):
    SavedSearch.objects.create(
        member=seeker,
        name="Weekly",
        query="",
        frequency=AlertFrequency.WEEKLY,
        last_sent_at=timezone.now() - datetime.timedelta(days=2),
    )
    publish(draft, employer, django_capture_on_commit_callbacks)
    assert services.send_summaries(AlertFrequency.WEEKLY) == 0
    later = timezone.now() + datetime.timedelta(days=5)
    assert services.send_summaries(AlertFrequency.WEEKLY, now=later) == 1


def test_a_job_closed_before_the_summary_is_left_out(
    draft, employer, seeker, django_capture_on_commit_callbacks
):
    SavedSearchFactory(member=seeker, query="", frequency=AlertFrequency.DAILY)
    publish(draft, employer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        posting_services.close_posting(posting=draft, member=employer)
    assert services.send_summaries(AlertFrequency.DAILY) == 0
    assert JobAlert.objects.get(member=seeker).sent_at is not None


def test_the_summary_command_sends_what_is_due(
    draft, employer, seeker, django_capture_on_commit_callbacks, capsys
):
    SavedSearchFactory(member=seeker, query="", frequency=AlertFrequency.DAILY)
    publish(draft, employer, django_capture_on_commit_callbacks)
    call_command("send_job_alerts", "--frequency", "daily")
    assert "1 daily job-alert summary" in capsys.readouterr().out
    assert len(alerts_for(seeker)) == 1


# --- Saving searches -------------------------------------------------------------------------


def test_a_member_saves_the_boards_filters_as_an_alert(client, seeker):
    client.force_login(seeker)
    form = client.get(reverse("careers:save_search") + "?q=CRM&remote=1&seniority=senior")
    assert form.status_code == 200
    response = client.post(
        reverse("careers:save_search"),
        {"q": "CRM", "remote": "1", "seniority": "senior", "name": "", "frequency": "instant"},
    )
    assert response.status_code == 302
    search = SavedSearch.objects.get(member=seeker)
    assert search.query == "q=CRM&remote=1&seniority=senior"
    assert search.name  # named after its filters
    page = client.get(reverse("careers:alerts")).content.decode()
    assert "/careers/?q=CRM&amp;remote=1&amp;seniority=senior" in page


def test_saving_the_same_filters_again_updates_instead_of_copying(seeker):
    filters = JobFilters.from_querydict({"q": "lifecycle"})
    services.save_search(member=seeker, filters=filters, name="One", frequency="daily")
    services.save_search(member=seeker, filters=filters, name="Renamed", frequency="weekly")
    (search,) = SavedSearch.objects.filter(member=seeker)
    assert (search.name, search.frequency) == ("Renamed", "weekly")


def test_a_bad_frequency_keeps_the_typed_name(client, seeker):
    client.force_login(seeker)
    response = client.post(
        reverse("careers:save_search"),
        {"q": "CRM", "name": "Jobs à São Paulo 🚀", "frequency": "hourly"},
    )
    assert response.status_code == 422
    assert "Jobs à São Paulo 🚀" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_saved_searches_are_limited_per_member(seeker):
    for number in range(services.MAX_SAVED_SEARCHES):
        SavedSearchFactory(member=seeker, query=f"q=word{number}")
    with pytest.raises(services.SavedSearchRejected):
        services.save_search(
            member=seeker,
            filters=JobFilters.from_querydict({"q": "one more"}),
            frequency="daily",
        )


def test_nobody_changes_or_deletes_another_members_search(client, seeker):
    search = SavedSearchFactory()
    client.force_login(seeker)
    assert client.post(reverse("careers:delete_search", args=[search.pk])).status_code == 404
    assert (
        client.post(
            reverse("careers:update_search", args=[search.pk]),
            {f"s{search.pk}-name": "Mine now", f"s{search.pk}-frequency": "daily"},
        ).status_code
        == 404
    )
    assert SavedSearch.objects.filter(pk=search.pk, name=search.name).exists()


def test_a_member_changes_how_often_and_deletes(client, seeker):
    search = SavedSearchFactory(member=seeker)
    client.force_login(seeker)
    client.post(
        reverse("careers:update_search", args=[search.pk]),
        {f"s{search.pk}-name": "Automation, weekly", f"s{search.pk}-frequency": "weekly"},
    )
    search.refresh_from_db()
    assert (search.name, search.frequency) == ("Automation, weekly", "weekly")
    client.post(reverse("careers:delete_search", args=[search.pk]))
    assert not SavedSearch.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(reverse("careers:alerts"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("searches", [1, 15])
def test_the_alerts_page_costs_the_same_for_few_or_many_searches(
    client, seeker, searches, django_assert_max_num_queries
):
    for number in range(searches):
        SavedSearchFactory(member=seeker, query=f"q=word{number}")
    client.force_login(seeker)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("careers:alerts"))
    assert response.content.decode().count('class="card alert-search"') == searches


def test_an_inactive_member_gets_no_alerts(draft, employer, django_capture_on_commit_callbacks):
    gone = CustomerFactory(is_active=False)
    SavedSearchFactory(member=gone, query="")
    publish(draft, employer, django_capture_on_commit_callbacks)
    assert not JobAlert.objects.exists()
