"""Races on PostgreSQL with real threads: applying twice at once, and two alert runs at once."""

from pathlib import Path

from careers.alerts import services as alert_services
from careers.application_models import Application, JobAlert
from careers.applications import services
from careers.cv import CheckedCv
from careers.cv_documents import pdf_cv
from careers.cv_storage import cv_storage
from careers.notification_kinds import CareersKind
from community.notifications.models import Notification
from tests.concurrency import ON_POSTGRESQL_WITH_THREADS, run_together
from tests.factories import CustomerFactory
from tests.factories.careers_applications import SavedSearchFactory

pytestmark = ON_POSTGRESQL_WITH_THREADS

LETTER = "Four years of lifecycle programmes on Northwind; I would love to run yours."


def test_applying_twice_at_once_makes_one_application_and_keeps_one_cv(seeker, job):
    cv = CheckedCv(content=pdf_cv(["Ana Souza"]), kind="pdf")

    def apply(_):
        return services.apply(job=job, member=seeker, cv=cv, cv_name="cv.pdf", cover_letter=LETTER)

    results = run_together(apply, range(4), keep_errors=True)
    assert sum(isinstance(result, Application) for result in results) == 1
    assert all(
        isinstance(result, (Application, services.ApplicationRejected)) for result in results
    )
    assert Application.objects.filter(job=job, applicant=seeker).count() == 1
    stored = [path for path in Path(cv_storage().location).rglob("*") if path.is_file()]
    assert len(stored) == 1
    job.refresh_from_db()
    assert job.application_count == 1


def test_two_alert_runs_at_once_tell_each_member_once(job):
    members = [CustomerFactory() for _ in range(5)]
    for member in members:
        SavedSearchFactory(member=member, query="")
    JobAlert.objects.bulk_create(
        JobAlert(member=member, posting=job, frequency="instant") for member in members
    )
    run_together(lambda _: alert_services.send_instant(job), range(3))
    for member in members:
        assert (
            Notification.objects.filter(recipient=member, kind=CareersKind.JOB_ALERT).count() == 1
        )


def test_matching_the_same_posting_twice_at_once_records_each_member_once(job):
    members = [CustomerFactory() for _ in range(5)]
    for member in members:
        SavedSearchFactory(member=member, query="", frequency="daily")
    run_together(lambda _: alert_services.match_posting(job.pk), range(3))
    assert JobAlert.objects.filter(posting=job).count() == 5
