"""Applying with a CV, following the application's stage, withdrawing, and the employer's list
of applicants with each candidate's community record."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from careers.application_models import Application, Stage, StageChange
from careers.applications import services
from careers.applications.selectors import job_applicants, my_applications
from careers.cv import CheckedCv
from careers.cv_documents import pdf_cv
from careers.cv_storage import cv_storage
from careers.models import JobPosting, PostingStatus
from careers.notification_kinds import CareersKind
from community.notifications.models import Notification
from events.models import RegistrationStatus
from forums.models import Topic
from tests.factories.careers import JobPostingFactory
from tests.factories.careers_applications import ApplicationFactory
from tests.factories.certificates import CertificateFactory
from tests.factories.events import RegistrationFactory
from tests.factories.forums import ReplyFactory

pytestmark = pytest.mark.django_db

LETTER = "I have automated onboarding journeys for 2 million customers; I'd love to do it here."


def pdf_upload(name: str = "Ana Souza – CV.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_cv(["Ana Souza", "Marketing Operations Lead"]))


def stored_files() -> list[Path]:
    root = Path(cv_storage().location)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def apply_url(job) -> str:
    return reverse("careers:apply", kwargs={"pk": job.pk})


# --- Applying --------------------------------------------------------------------------------


def test_a_member_applies_with_a_pdf_and_sees_it_as_new(client, seeker, job, employer):
    client.force_login(seeker)
    response = client.post(apply_url(job), {"cv": pdf_upload(), "cover_letter": LETTER})
    assert response.status_code == 302
    application = Application.objects.get(job=job, applicant=seeker)
    assert application.stage == Stage.NEW
    assert application.cv_name == "Ana Souza – CV.pdf"
    assert application.cv.name.startswith("cvs/") and "Ana" not in application.cv.name
    assert JobPosting.objects.get(pk=job.pk).application_count == 1
    page = client.get(response["Location"])
    assert "Application sent." in page.content.decode()
    assert "Marketing Operations Manager" in page.content.decode()
    assert Notification.objects.filter(
        recipient=employer, kind=CareersKind.NEW_APPLICATION
    ).exists()


def test_a_refused_cv_keeps_the_letter_and_stores_nothing(client, seeker, job):
    client.force_login(seeker)
    html = SimpleUploadedFile("cv.pdf", b"<!DOCTYPE html><script>alert(1)</script>")
    response = client.post(apply_url(job), {"cv": html, "cover_letter": LETTER})
    assert response.status_code == 422
    body = response.content.decode()
    assert "web page" in body
    assert "2 million customers" in body
    assert not Application.objects.exists()
    assert stored_files() == []


def test_an_empty_letter_is_asked_for_and_the_cv_is_not_kept(client, seeker, job):
    client.force_login(seeker)
    response = client.post(apply_url(job), {"cv": pdf_upload(), "cover_letter": "   "})
    assert response.status_code == 422
    assert "cover letter" in response.content.decode()
    assert stored_files() == []


def test_applying_twice_keeps_one_application_and_one_file(client, seeker, job):
    client.force_login(seeker)
    client.post(apply_url(job), {"cv": pdf_upload(), "cover_letter": LETTER})
    again = client.post(apply_url(job), {"cv": pdf_upload(), "cover_letter": LETTER})
    assert again.status_code == 302
    assert Application.objects.filter(job=job, applicant=seeker).count() == 1
    assert len(stored_files()) == 1


def test_the_service_refuses_a_second_application_and_removes_its_file(seeker, job):
    cv = CheckedCv(content=pdf_cv(["Ana"]), kind="pdf")
    services.apply(job=job, member=seeker, cv=cv, cv_name="cv.pdf", cover_letter=LETTER)
    with pytest.raises(services.ApplicationRejected):
        services.apply(job=job, member=seeker, cv=cv, cv_name="cv.pdf", cover_letter=LETTER)
    assert len(stored_files()) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"status": PostingStatus.CLOSED},
        {"status": PostingStatus.PENDING},
        {"closes_on": datetime.date(2020, 1, 1)},
        {"apply_method": "external", "apply_url": "https://jobs.example.com/42"},
    ],
    ids=["closed", "awaiting-approval", "expired", "external"],
)
def test_only_live_jobs_taking_applications_here_accept_them(client, seeker, job, change):
    JobPosting.objects.filter(pk=job.pk).update(**change)
    client.force_login(seeker)
    response = client.post(apply_url(job), {"cv": pdf_upload(), "cover_letter": LETTER})
    assert response.status_code in (302, 403, 404)
    assert not Application.objects.exists()
    assert stored_files() == []


def test_an_employer_cannot_apply_to_their_own_company(client, employer, job):
    client.force_login(employer)
    client.post(apply_url(job), {"cv": pdf_upload(), "cover_letter": LETTER})
    assert not Application.objects.exists()


def test_a_cv_name_in_any_script_is_kept_for_the_download(client, seeker, job):
    client.force_login(seeker)
    client.post(apply_url(job), {"cv": pdf_upload("履歴書 田中.pdf"), "cover_letter": LETTER})
    application = Application.objects.get()
    assert application.cv_name == "履歴書 田中.pdf"
    response = client.get(reverse("careers:application_cv", kwargs={"pk": application.pk}))
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_a_docx_sent_as_pdf_is_named_for_what_it_is(seeker, job):
    cv = CheckedCv(content=b"PK...", kind="docx")
    application = services.apply(
        job=job, member=seeker, cv=cv, cv_name="my cv.pdf", cover_letter=LETTER
    )
    assert application.cv_name == "my cv.docx"
    assert application.cv.name.endswith(".docx")


# --- Stages ----------------------------------------------------------------------------------


def test_the_employer_moves_an_application_and_the_applicant_is_told(client, employer, seeker, job):
    application = ApplicationFactory(job=job, applicant=seeker)
    client.force_login(employer)
    response = client.post(
        reverse("careers:move_application", kwargs={"pk": application.pk}),
        {"stage": "interview"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    assert list(application.stage_changes.values_list("stage", flat=True)) == ["new", "interview"]
    notice = Notification.objects.get(recipient=seeker, kind=CareersKind.APPLICATION_STAGE)
    assert "Interview" in notice.text
    client.force_login(seeker)
    page = client.get(reverse("careers:my_applications")).content.decode()
    assert 'data-stage="interview"' in page
    assert 'aria-current="step">Interview' in page


def test_moving_to_the_same_stage_tells_nobody_again(employer, seeker, job):
    application = ApplicationFactory(job=job, applicant=seeker)
    services.move_to_stage(application=application, stage="reviewing", member=employer)
    services.move_to_stage(application=application, stage="reviewing", member=employer)
    assert Notification.objects.filter(kind=CareersKind.APPLICATION_STAGE).count() == 1


def test_a_made_up_stage_is_refused(client, employer, job):
    application = ApplicationFactory(job=job)
    client.force_login(employer)
    response = client.post(
        reverse("careers:move_application", kwargs={"pk": application.pk}), {"stage": "ghosted"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.NEW


def test_a_rejected_application_shows_how_far_it_got(employer, seeker, job):
    application = ApplicationFactory(job=job, applicant=seeker)
    services.move_to_stage(application=application, stage="reviewing", member=employer)
    services.move_to_stage(application=application, stage="rejected", member=employer)
    (shown,) = my_applications(seeker)
    assert [step.value for step in shown.steps] == ["new", "reviewing", "rejected"]


# --- Withdrawing -----------------------------------------------------------------------------


def test_withdrawing_keeps_the_application_marked_for_the_employer(client, seeker, job, employer):
    application = ApplicationFactory(job=job, applicant=seeker)
    client.force_login(seeker)
    client.post(reverse("careers:withdraw_application", kwargs={"pk": application.pk}))
    application.refresh_from_db()
    assert application.withdrawn_at is not None
    client.force_login(employer)
    page = client.get(reverse("careers:job_applicants", kwargs={"pk": job.pk})).content.decode()
    assert "Withdrawn" in page
    with pytest.raises(services.ApplicationRejected):
        services.move_to_stage(application=application, stage="offer", member=employer)


def test_withdraw_and_delete_removes_the_letter_and_the_cv_at_once(
    client, seeker, job, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(job=job, applicant=seeker)
    path = Path(cv_storage().path(application.cv.name))
    assert path.exists()
    client.force_login(seeker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("careers:withdraw_application", kwargs={"pk": application.pk}),
            {"delete": "1"},
        )
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not StageChange.objects.filter(application_id=application.pk).exists()
    assert not path.exists()


# --- The employer's list ---------------------------------------------------------------------


def test_applicants_show_their_community_record(client, employer, job):
    application = ApplicationFactory(job=job)
    application.applicant.profile.reputation = 412
    application.applicant.profile.save(update_fields=["reputation"])
    client.force_login(employer)
    page = client.get(reverse("careers:job_applicants", kwargs={"pk": job.pk})).content.decode()
    assert "412" in page
    for label in ("Accepted solutions", "Certificates", "Events attended"):
        assert label in page
    assert LETTER[:20] not in page  # the factory's letter is shown, not this test's
    assert "lifecycle programmes" in page


@pytest.mark.parametrize("applicants", [1, 12])
def test_the_applicants_page_costs_the_same_queries_for_one_or_many(
    client, employer, job, applicants, django_assert_max_num_queries
):
    for _ in range(applicants):
        ApplicationFactory(job=job)
    client.force_login(employer)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("careers:job_applicants", kwargs={"pk": job.pk}))
    assert response.content.decode().count('class="card applicant"') == applicants


@pytest.mark.parametrize("applications", [1, 10])
def test_my_applications_costs_the_same_queries_for_one_or_many(
    client, seeker, applications, django_assert_max_num_queries
):
    for _ in range(applications):
        ApplicationFactory(applicant=seeker)
    client.force_login(seeker)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("careers:my_applications"))
    assert response.content.decode().count('class="card application"') == applications


def test_the_company_page_of_applicants_lists_every_job(client, employer, company):
    first = ApplicationFactory(job=JobPostingFactory(company=company, title="CRM Analyst"))
    second = ApplicationFactory(job=JobPostingFactory(company=company, title="Email Developer"))
    client.force_login(employer)
    page = client.get(
        reverse("careers:company_applicants", kwargs={"slug": company.slug})
    ).content.decode()
    assert "CRM Analyst" in page and "Email Developer" in page
    assert f'id="application-{first.pk}"' in page and f'id="application-{second.pk}"' in page


def test_filtering_applicants_by_stage(client, employer, job):
    ApplicationFactory(job=job, stage=Stage.INTERVIEW)
    ApplicationFactory(job=job, stage=Stage.NEW)
    client.force_login(employer)
    page = client.get(
        reverse("careers:job_applicants", kwargs={"pk": job.pk}) + "?stage=interview"
    ).content.decode()
    assert page.count('class="card applicant"') == 1


def test_a_member_applying_from_the_job_page_reaches_the_form(client, site_tree, seeker, job):
    client.force_login(seeker)
    page = client.get(apply_url(job))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()


def test_a_candidates_record_counts_solutions_certificates_and_events(site_tree, job):
    application = ApplicationFactory(job=job)
    applicant = application.applicant
    reply = ReplyFactory(author=applicant)
    Topic.objects.filter(pk=reply.topic_id).update(solution=reply)
    CertificateFactory(member=applicant)
    CertificateFactory(member=applicant)
    CertificateFactory(member=applicant, revoked_at=timezone.now())
    for _ in range(3):
        RegistrationFactory(member=applicant, status=RegistrationStatus.ATTENDED)
    RegistrationFactory(member=applicant, status=RegistrationStatus.REGISTERED)
    (candidate,) = job_applicants(job.company.members.first(), job.pk)["candidates"]
    assert dict(candidate.facts) == {
        "accepted solutions": 1,
        "certificates": 2,
        "events attended": 3,
    }
