"""A job seeker sees which jobs they already applied to: on the job's page (when, where it
stands, and the way to it, instead of an "Apply" button) and on the board ("Applied"), at a
fixed number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from careers.application_models import Stage
from tests.factories import CustomerFactory
from tests.factories.careers import CompanyFactory, JobPostingFactory
from tests.factories.careers_applications import ApplicationFactory

pytestmark = pytest.mark.django_db

APPLY_BUTTON = "Apply now"
APPLIED_BADGE = "job-card__applied"


def job_page(client, job) -> str:
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def board(client, **params) -> str:
    response = client.get("/careers/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_who_applied_sees_when_and_where_it_stands_instead_of_apply(client, seeker, job):
    application = ApplicationFactory(
        job=job,
        applicant=seeker,
        stage=Stage.INTERVIEW,
        created_at=timezone.make_aware(datetime.datetime(2026, 3, 4, 10, 0)),
    )
    client.force_login(seeker)
    html = job_page(client, job)
    assert "You applied on" in html
    assert "4 March 2026" in html
    assert "Interview" in html
    assert f"{reverse('careers:my_applications')}#application-{application.pk}" in html
    assert APPLY_BUTTON not in html
    assert reverse("careers:apply", args=[job.pk]) not in html


def test_a_withdrawn_application_still_shows_on_the_job_page(client, seeker, job):
    ApplicationFactory(job=job, applicant=seeker, withdrawn_at=timezone.now())
    client.force_login(seeker)
    html = job_page(client, job)
    assert "You applied on" in html
    assert "Withdrawn" in html
    assert APPLY_BUTTON not in html


def test_an_application_to_a_job_since_closed_still_shows(client, seeker, job):
    ApplicationFactory(job=job, applicant=seeker)
    job.status = "closed"
    job.save(update_fields=["status"])
    client.force_login(seeker)
    html = job_page(client, job)
    assert "You applied on" in html
    assert "no longer takes applications" in html


def test_a_member_who_has_not_applied_is_offered_to_apply(client, seeker, job):
    ApplicationFactory(job=job)  # someone else's application says nothing to this member
    client.force_login(seeker)
    html = job_page(client, job)
    assert APPLY_BUTTON in html
    assert "You applied on" not in html


def test_a_visitor_is_asked_to_sign_in_to_apply(client, job):
    ApplicationFactory(job=job)
    html = job_page(client, job)
    assert "Sign in to apply" in html
    assert "You applied on" not in html


def test_the_board_marks_the_jobs_the_member_applied_to(client, site_tree, seeker, company):
    applied = JobPostingFactory(company=company, title="Lifecycle Marketing Manager")
    withdrawn = JobPostingFactory(company=company, title="CRM Campaign Manager")
    other = JobPostingFactory(company=company, title="Solutions Architect")
    ApplicationFactory(job=applied, applicant=seeker)
    ApplicationFactory(job=withdrawn, applicant=seeker, withdrawn_at=timezone.now())
    ApplicationFactory(job=other)
    client.force_login(seeker)
    html = board(client)
    assert html.count(APPLIED_BADGE) == 2
    cards = {job.pk: html.split(f'id="job-card-{job.pk}"')[1][:400] for job in (applied, other)}
    assert APPLIED_BADGE in cards[applied.pk]
    assert APPLIED_BADGE not in cards[other.pk]


def test_the_board_marks_nothing_for_a_visitor_or_another_member(client, site_tree, seeker, job):
    ApplicationFactory(job=job, applicant=seeker)
    assert APPLIED_BADGE not in board(client)
    client.force_login(CustomerFactory())
    assert APPLIED_BADGE not in board(client)


@pytest.mark.parametrize("count", [1, 12])
def test_marking_applied_jobs_costs_one_query_however_many(
    client, site_tree, seeker, count, django_assert_max_num_queries
):
    jobs = [JobPostingFactory(company=CompanyFactory()) for _ in range(count)]
    for job in jobs:
        ApplicationFactory(job=job, applicant=seeker)
    client.force_login(seeker)
    with django_assert_max_num_queries(22):
        html = board(client)
    assert html.count(APPLIED_BADGE) == count
    # A signed-in member's job page: 15 queries, and one more for their application.
    with django_assert_max_num_queries(16):
        job_page(client, jobs[0])


def test_opening_the_form_again_leads_to_the_application_already_sent(client, seeker, job):
    application = ApplicationFactory(job=job, applicant=seeker)
    client.force_login(seeker)
    response = client.get(reverse("careers:apply", args=[job.pk]))
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('careers:my_applications')}#application-{application.pk}"
    )
