"""Employers post jobs from the site: draft, submit, a new employer's first jobs approved by a
community manager in the review queue, later ones live at once; close, reopen, repost, expiry."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from careers import services
from careers.models import JobPosting, PostingStatus
from careers.moderation import JobPostingModeration
from community.members.models import Country
from community.moderation import services as moderation
from community.moderation.models import Report
from community.notifications.models import Notification
from tests.factories.careers import CompanyFactory, JobPostingFactory, job_form

pytestmark = pytest.mark.django_db


def save_edits(client, job, **changes) -> None:
    """Save the job's edit form with `changes`, then read the job back."""
    client.post(reverse("careers:edit_job", args=[job.pk]), job_form(action="save", **changes))
    job.refresh_from_db()


@pytest.fixture
def new_company(employer):
    """A company new to the board: no job of theirs was approved yet."""
    return CompanyFactory(name="Kestrel Software", members=[employer], approved_postings=0)


def test_a_new_employers_first_job_waits_for_approval_in_the_review_queue(
    client, employer, new_company
):
    client.force_login(employer)
    response = client.post(reverse("careers:new_job", args=[new_company.slug]), job_form())
    job = JobPosting.objects.get()
    assert response.status_code == 302
    assert job.status == PostingStatus.PENDING
    assert job.submitted_at is not None
    assert job in JobPostingModeration().held()
    assert list(job.locations.values_list("city", "country")) == [("Berlin", "DE")]
    assert job.salary_min == 72000 and job.salary_max == 88000
    assert sorted(job.skills.names()) == ["Journeys", "Product signals"]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Awaiting approval" in page


def test_a_manager_approves_it_and_it_goes_live(client, site_tree, employer, new_company, manager):
    client.force_login(employer)
    client.post(reverse("careers:new_job", args=[new_company.slug]), job_form())
    job = JobPosting.objects.get()
    assert "Lifecycle Marketing Manager" not in client.get("/careers/").content.decode()

    moderation.approve(item=job, moderator=manager)

    job.refresh_from_db()
    new_company.refresh_from_db()
    assert job.status == PostingStatus.OPEN
    assert job.posted_at is not None and job.approved_at is not None
    assert job.approved_by == manager
    assert new_company.approved_postings == 1
    assert Notification.objects.filter(recipient=employer, text__contains="approved").exists()
    assert "Lifecycle Marketing Manager" in client.get("/careers/").content.decode()


def test_once_trusted_an_employers_jobs_go_live_at_once(client, employer, new_company, settings):
    settings.CAREERS_HOLD_FIRST_POSTINGS = 1
    new_company.approved_postings = 1
    new_company.save()
    client.force_login(employer)
    client.post(reverse("careers:new_job", args=[new_company.slug]), job_form())
    assert JobPosting.objects.get().status == PostingStatus.OPEN


def test_a_draft_is_seen_only_by_its_company_until_submitted(client, employer, company):
    client.force_login(employer)
    client.post(reverse("careers:new_job", args=[company.slug]), job_form(action="draft"))
    job = JobPosting.objects.get()
    assert job.status == PostingStatus.DRAFT
    client.logout()
    assert client.get(job.get_absolute_url()).status_code == 404
    client.force_login(employer)
    client.post(reverse("careers:submit_job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == PostingStatus.OPEN


def test_a_form_with_mistakes_keeps_what_the_employer_typed(client, employer, company):
    client.force_login(employer)
    response = client.post(
        reverse("careers:new_job", args=[company.slug]),
        job_form(salary_min="٥٠٠٠٠", title="Лид по маркетингу"),
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Write the amount in digits (0-9)" in html
    assert "Лид по маркетингу" in html
    assert not JobPosting.objects.exists()


def test_a_remote_job_names_the_countries_it_hires_from(client, employer, company):
    client.force_login(employer)
    response = client.post(
        reverse("careers:new_job", args=[company.slug]),
        job_form(workplace_type="remote", **{"locations-0-city": "", "locations-0-country": ""}),
    )
    assert response.status_code == 422
    assert "Choose at least one country for a remote job" in response.content.decode()
    client.post(
        reverse("careers:new_job", args=[company.slug]),
        job_form(workplace_type="remote", remote_countries=["DE", "AT"]),
    )
    job = JobPosting.objects.get()
    assert sorted(job.remote_countries.values_list("code", flat=True)) == ["AT", "DE"]


def test_an_external_application_needs_its_address(client, employer, company):
    client.force_login(employer)
    response = client.post(
        reverse("careers:new_job", args=[company.slug]), job_form(apply_method="external")
    )
    assert response.status_code == 422
    assert "Give the address where people apply" in response.content.decode()


def test_closing_a_job_takes_it_off_the_board_and_its_page_says_so(
    client, site_tree, employer, job
):
    client.force_login(employer)
    client.post(reverse("careers:close_job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == PostingStatus.CLOSED and job.closed_at is not None
    client.logout()
    assert job.title not in client.get("/careers/").content.decode()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "no longer takes applications" in page
    assert "application/ld+json" not in page
    # The day it closed, not the closing date it never reached.
    assert "<dt>Closed</dt>" in page and "<dt>Closing date</dt>" not in page


def test_an_expired_job_leaves_the_board_on_its_closing_date_without_any_task(
    client, site_tree, company
):
    job = JobPostingFactory(
        company=company,
        title="Expired yesterday",
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert job.status == PostingStatus.OPEN
    assert "Expired yesterday" not in client.get("/careers/").content.decode()
    assert "no longer takes applications" in client.get(job.get_absolute_url()).content.decode()


def test_the_expiry_task_closes_expired_jobs_once(company):
    expired = JobPostingFactory(
        company=company, closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    still_open = JobPostingFactory(company=company)
    assert services.close_expired_postings() == 1
    assert services.close_expired_postings() == 0
    expired.refresh_from_db()
    still_open.refresh_from_db()
    assert expired.status == PostingStatus.CLOSED
    assert still_open.status == PostingStatus.OPEN


def test_reopening_an_expired_job_gives_it_a_new_closing_date(client, employer, company):
    job = JobPostingFactory(
        company=company, status=PostingStatus.CLOSED, closes_on=datetime.date(2020, 1, 31)
    )
    client.force_login(employer)
    client.post(reverse("careers:reopen_job", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == PostingStatus.OPEN
    assert job.closes_on == timezone.localdate() + datetime.timedelta(days=60)


def test_reposting_makes_a_fresh_draft_with_the_same_details(client, employer, job):
    client.force_login(employer)
    response = client.post(reverse("careers:repost_job", args=[job.pk]))
    copy = JobPosting.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("careers:edit_job", args=[copy.pk])
    assert copy.status == PostingStatus.DRAFT
    assert copy.title == job.title
    assert sorted(copy.skills.names()) == sorted(job.skills.names())
    assert list(copy.locations.values_list("city", flat=True)) == ["Berlin"]


def test_editing_an_open_job_keeps_it_open(client, employer, job):
    client.force_login(employer)
    save_edits(client, job, title="Senior Marketing Operations Manager")
    assert job.status == PostingStatus.OPEN
    assert job.title == "Senior Marketing Operations Manager"


def test_a_job_can_be_reported_and_hidden_like_a_post(client, seeker, job, manager):
    client.force_login(seeker)
    response = client.post(
        reverse("moderation:report", args=["job", job.pk]), {"reason": "spam", "text": ""}
    )
    assert response.status_code == 302
    assert Report.objects.filter(target_id=job.pk).exists()
    moderation.hide(item=job, moderator=manager)
    job.refresh_from_db()
    assert job.status == PostingStatus.HIDDEN
    assert client.get(job.get_absolute_url()).status_code == 404
    moderation.restore(item=job, moderator=manager)
    job.refresh_from_db()
    assert job.status == PostingStatus.OPEN


def test_a_job_titled_like_an_action_keeps_its_own_address(company):
    job = JobPostingFactory(company=company, title="Close")
    assert job.slug == "close-job"
    assert job.get_absolute_url().endswith("/close-job/")


def test_an_open_job_edited_to_hold_a_blocked_word_goes_back_for_review(client, employer, job):
    from community.moderation.models import BlockedPattern

    BlockedPattern.objects.create(pattern="guaranteed income", outcome="hold")
    client.force_login(employer)
    save_edits(client, job, description="Guaranteed income from home!")
    assert job.status == PostingStatus.PENDING
    assert job in JobPostingModeration().held()


def test_the_salary_shows_on_the_job_and_its_card_when_given_and_is_left_out_otherwise(
    client, site_tree, company
):
    paid = JobPostingFactory(
        company=company,
        title="Paid Role",
        salary_min=60_000,
        salary_max=75_000,
        salary_currency="EUR",
        salary_period="year",
    )
    unpaid = JobPostingFactory(
        company=company, title="Quiet Role", salary_min=None, salary_max=None, salary_currency=""
    )
    assert "€60,000–€75,000 per year" in client.get(paid.get_absolute_url()).content.decode()
    assert "€60,000–€75,000 per year" in client.get("/careers/").content.decode()
    assert "<dt>Salary</dt>" not in client.get(unpaid.get_absolute_url()).content.decode()


def test_a_new_job_closes_sixty_days_on_unless_the_employer_says_otherwise(
    client, employer, company
):
    client.force_login(employer)
    form = client.get(reverse("careers:new_job", args=[company.slug])).content.decode()
    in_sixty_days = timezone.localdate() + datetime.timedelta(days=60)
    assert f'value="{in_sixty_days.isoformat()}"' in form
    data = services.PostingData(
        title="Lifecycle Marketing Manager",
        description="Own our journeys.",
        locations=[services.Location(city="Berlin", country=Country.objects.get(code="DE"))],
    )
    job = services.create_posting(company=company, author=employer, data=data)
    assert job.closes_on == in_sixty_days
