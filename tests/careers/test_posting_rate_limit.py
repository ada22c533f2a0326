"""An employer account posts a limited number of jobs in a while: past it the form comes back
with the reason, a 429 and Retry-After, keeping what the employer typed and saving nothing."""

import pytest
from django.urls import reverse

from careers.models import JobPosting
from tests.careers.test_postings import job_form
from tests.factories import EmployerFactory
from tests.factories.careers import JobPostingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_jobs_per_ten_minutes(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "job": "2/600"}


def post_job(client, company, **changes):
    return client.post(reverse("careers:new_job", args=[company.slug]), job_form(**changes))


def test_an_employer_past_the_limit_is_told_to_wait_and_keeps_what_they_typed(
    client, employer, company
):
    client.force_login(employer)
    for number in range(2):
        assert post_job(client, company, title=f"Lifecycle Manager {number}").status_code == 302
    response = post_job(client, company, title="Head of Customer Marketing", skills="Loyalty CRM")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    html = response.content.decode()
    assert "You can post 2 jobs every 10 minutes" in html
    assert "Nothing was saved" in html
    assert 'value="Head of Customer Marketing"' in html
    assert "Loyalty CRM" in html
    assert "Berlin" in html
    assert JobPosting.objects.filter(company=company).count() == 2
    assert not JobPosting.objects.filter(title="Head of Customer Marketing").exists()


def test_a_script_posting_too_many_jobs_gets_a_json_429(client, employer, company):
    client.force_login(employer)
    for number in range(2):
        post_job(client, company, title=f"Lifecycle Manager {number}")
    response = client.post(
        reverse("careers:new_job", args=[company.slug]),
        job_form(),
        headers={"accept": "application/json"},
    )
    assert response.status_code == 429
    assert "Retry-After" in response
    assert "You can post 2 jobs" in response.json()["error"]


def test_reposting_counts_as_posting_a_job(client, employer, company):
    job = JobPostingFactory(company=company, posted_by=employer)
    client.force_login(employer)
    for _ in range(2):
        assert client.post(reverse("careers:repost_job", args=[job.pk])).status_code == 302
    response = client.post(reverse("careers:repost_job", args=[job.pk]))
    assert response.status_code == 429
    assert "Retry-After" in response
    assert JobPosting.objects.filter(company=company).count() == 3


def test_the_limit_is_each_employers_own(client, employer, company):
    colleague = EmployerFactory()
    company.members.add(colleague)
    client.force_login(employer)
    for number in range(3):
        post_job(client, company, title=f"Lifecycle Manager {number}")
    client.force_login(colleague)
    assert post_job(client, company, title="CRM Campaign Manager").status_code == 302


def test_editing_a_job_is_not_limited(client, employer, job):
    client.force_login(employer)
    for number in range(4):
        response = client.post(
            reverse("careers:edit_job", args=[job.pk]),
            job_form(action="save", title=f"Marketing Operations Manager {number}"),
        )
        assert response.status_code == 302
