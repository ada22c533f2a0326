"""Community managers look after company pages and look over every job in the Wagtail admin;
a daily command closes expired jobs."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from careers.models import PostingStatus
from tests.factories.careers import JobPostingFactory

pytestmark = pytest.mark.django_db


def test_a_manager_lists_companies_and_jobs_in_the_admin(client, manager, job):
    client.force_login(manager)
    companies = client.get(reverse("wagtailsnippets_careers_company:list"))
    jobs = client.get(reverse("wagtailsnippets_careers_jobposting:list"))
    assert companies.status_code == 200 and "Brightwave Digital" in companies.content.decode()
    assert jobs.status_code == 200 and job.title in jobs.content.decode()
    edit = client.get(reverse("wagtailsnippets_careers_company:edit", args=[job.company_id]))
    assert edit.status_code == 200


def test_an_employer_has_no_admin_screens_for_companies(client, employer, company):
    client.force_login(employer)
    response = client.get(reverse("wagtailsnippets_careers_company:list"))
    assert response.status_code in (302, 403)


def test_the_daily_command_closes_expired_jobs(company):
    expired = JobPostingFactory(
        company=company, closes_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    out = StringIO()
    call_command("close_expired_jobs", stdout=out)
    expired.refresh_from_db()
    assert expired.status == PostingStatus.CLOSED
    assert "1 expired job(s) closed." in out.getvalue()
