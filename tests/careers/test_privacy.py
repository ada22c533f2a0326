"""Applications and CVs are personal data: in the member's export, deleted with their files a
set time after the job closes, and at once on request."""

import base64
import datetime
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from careers.application_models import Application, StageChange
from careers.applications import services
from careers.cv_storage import cv_storage
from careers.models import JobPosting, PostingStatus
from community.members.data_export import export_member
from tests.factories.careers import JobPostingFactory
from tests.factories.careers_applications import (
    ApplicationFactory,
    OpenToWorkFactory,
    SavedSearchFactory,
)

pytestmark = pytest.mark.django_db


def cv_path(application) -> Path:
    return Path(cv_storage().path(application.cv.name))


def close(job, days_ago: int) -> None:
    JobPosting.objects.filter(pk=job.pk).update(
        status=PostingStatus.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def test_the_export_holds_applications_with_their_cv_searches_and_card(seeker, job):
    application = ApplicationFactory(job=job, applicant=seeker)
    SavedSearchFactory(member=seeker, name="Remote CRM", query="q=CRM&remote=1")
    OpenToWorkFactory(member=seeker, roles="CRM lead")
    data = json.loads(json.dumps(export_member(seeker)))
    (exported,) = data["job_applications"]
    assert exported["job"] == job.title
    assert exported["cover_letter"] == application.cover_letter
    assert exported["stage"] == "New"
    assert base64.b64decode(exported["cv"]["base64"]).startswith(b"%PDF-")
    assert data["job_alerts"][0]["search"] == "/careers/?q=CRM&remote=1"
    assert data["open_to_work"]["roles"] == "CRM lead"


def test_the_export_holds_nothing_of_other_members_applications(seeker, job):
    ApplicationFactory(job=job)
    data = export_member(seeker)
    assert data["job_applications"] == [] and data["open_to_work"] is None


def test_applications_are_deleted_with_their_cvs_after_the_retention_period(
    settings, job, django_capture_on_commit_callbacks
):
    settings.CAREERS_APPLICATION_RETENTION_DAYS = 90
    old = ApplicationFactory(job=job)
    close(job, days_ago=91)
    recent_job = JobPostingFactory(company=job.company)
    recent = ApplicationFactory(job=recent_job)
    close(recent_job, days_ago=30)
    still_open = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete_expired_applications() == 1
    assert not Application.objects.filter(pk=old.pk).exists()
    assert not StageChange.objects.filter(application_id=old.pk).exists()
    assert not cv_path(old).exists()
    assert cv_path(recent).exists() and cv_path(still_open).exists()
    assert Application.objects.filter(pk__in=[recent.pk, still_open.pk]).count() == 2


def test_a_job_past_its_closing_date_counts_as_closed(settings, job):
    settings.CAREERS_APPLICATION_RETENTION_DAYS = 30
    ApplicationFactory(job=job)
    JobPosting.objects.filter(pk=job.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=31)
    )
    assert services.delete_expired_applications() == 1


def test_the_retention_command_is_safe_to_run_twice(settings, job, capsys):
    settings.CAREERS_APPLICATION_RETENTION_DAYS = 10
    ApplicationFactory(job=job)
    ApplicationFactory(job=job)
    close(job, days_ago=11)
    call_command("delete_expired_applications")
    call_command("delete_expired_applications")
    out = capsys.readouterr().out
    assert "2 application(s) deleted" in out and "0 application(s) deleted" in out
    assert JobPosting.objects.get(pk=job.pk).application_count == 0


def test_a_member_deleting_their_account_takes_their_applications(seeker, job):
    application = ApplicationFactory(job=job, applicant=seeker)
    seeker.delete()
    assert not Application.objects.filter(pk=application.pk).exists()


def test_cvs_are_not_under_the_public_media_root_and_have_no_address(settings, job):
    application = ApplicationFactory(job=job)
    assert not cv_path(application).is_relative_to(Path(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        application.cv.url  # noqa: B018


def test_the_retention_is_told_to_applicants(client, seeker, settings):
    settings.CAREERS_APPLICATION_RETENTION_DAYS = 120
    ApplicationFactory(applicant=seeker)
    client.force_login(seeker)
    page = client.get(reverse("careers:my_applications")).content.decode()
    assert "deleted 120 days after the job closes" in page
