"""Who may see and do what with applications, as real requests: a role × action table.

An application is personal data: the applicant, the job's own employers and community managers
see it; another employer, another job seeker and anonymous visitors see nothing, whichever
address they try (ids reveal nothing: 404 or a sign-in page, never the content)."""

import pytest
from django.urls import reverse

from careers.application_models import Application, Stage
from tests.factories import CustomerFactory, EmployerFactory
from tests.factories.careers_applications import ApplicationFactory, OpenToWorkFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "applicant", "other_seeker", "employer", "other_employer", "manager"]


@pytest.fixture
def cast(employer, other_employer, other_company, seeker, manager, job):
    """The application under test, and one member per role."""
    application = ApplicationFactory(job=job, applicant=seeker)
    return {
        "application": application,
        "anonymous": None,
        "applicant": seeker,
        "other_seeker": CustomerFactory(display_name="Kenji Watanabe"),
        "employer": employer,
        "other_employer": other_employer,
        "manager": manager,
    }


def as_role(client, cast, role):
    if cast[role] is not None:
        client.force_login(cast[role])
    return client


def outcome(response) -> str:
    if response.status_code in (200, 302) and not _to_login(response):
        return "allowed"
    return "refused"


def _to_login(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


CV_ALLOWED = {"applicant", "employer", "manager"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_download_a_cv(client, cast, role):
    application = cast["application"]
    response = as_role(client, cast, role).get(
        reverse("careers:application_cv", kwargs={"pk": application.pk})
    )
    assert outcome(response) == ("allowed" if role in CV_ALLOWED else "refused")
    if role in CV_ALLOWED:
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    elif role != "anonymous":
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_who_may_see_a_jobs_applicants(client, cast, role):
    application = cast["application"]
    response = as_role(client, cast, role).get(
        reverse("careers:job_applicants", kwargs={"pk": application.job_id})
    )
    allowed = role in {"employer", "manager"}
    assert outcome(response) == ("allowed" if allowed else "refused")
    body = response.content.decode()
    assert (f'id="application-{application.pk}"' in body) == allowed


@pytest.mark.parametrize("role", ROLES)
def test_who_may_see_a_companys_applicants(client, cast, role):
    company = cast["application"].job.company
    response = as_role(client, cast, role).get(
        reverse("careers:company_applicants", kwargs={"slug": company.slug})
    )
    assert outcome(response) == ("allowed" if role in {"employer", "manager"} else "refused")


@pytest.mark.parametrize("role", ROLES)
def test_who_may_move_an_application(client, cast, role):
    application = cast["application"]
    as_role(client, cast, role).post(
        reverse("careers:move_application", kwargs={"pk": application.pk}), {"stage": "offer"}
    )
    moved = Application.objects.get(pk=application.pk).stage == Stage.OFFER
    assert moved == (role in {"employer", "manager"})


@pytest.mark.parametrize("role", ROLES)
def test_who_may_withdraw_and_delete(client, cast, role):
    application = cast["application"]
    as_role(client, cast, role).post(
        reverse("careers:withdraw_application", kwargs={"pk": application.pk}), {"delete": "1"}
    )
    gone = not Application.objects.filter(pk=application.pk).exists()
    assert gone == (role == "applicant")


@pytest.mark.parametrize("role", ROLES)
def test_my_applications_shows_only_ones_own(client, cast, role):
    response = as_role(client, cast, role).get(reverse("careers:my_applications"))
    if role == "anonymous":
        assert _to_login(response)
        return
    shown = 'class="card application"' in response.content.decode()
    assert shown == (role == "applicant")


@pytest.mark.parametrize("role", ROLES)
def test_only_employers_and_managers_browse_members_open_to_work(client, cast, role):
    card = OpenToWorkFactory(roles="Lifecycle marketing lead")
    response = as_role(client, cast, role).get(reverse("careers:candidates"))
    allowed = role in {"employer", "other_employer", "manager"}
    assert outcome(response) == ("allowed" if allowed else "refused")
    assert (card.roles in response.content.decode()) == allowed


def test_an_employer_of_two_companies_sees_both_and_nothing_else(client, company, other_company):
    both = EmployerFactory()
    company.members.add(both)
    mine = ApplicationFactory(job__company=company)
    theirs = ApplicationFactory(job__company=other_company)
    stranger = ApplicationFactory()
    client.force_login(both)
    for application, expected in ((mine, 200), (stranger, 404)):
        response = client.get(reverse("careers:application_cv", kwargs={"pk": application.pk}))
        assert response.status_code == expected
    other_company.members.add(both)
    response = client.get(reverse("careers:application_cv", kwargs={"pk": theirs.pk}))
    assert response.status_code == 200
