"""Who may do what on the job board: a role × action table, played as real requests.

Anonymous visitors and job seekers see open jobs (and a closed job's page, which says it takes no
applications); drafts, jobs awaiting approval and hidden ones only their company's employers and
community managers; an employer never edits or posts for another company.
"""

import pytest
from django.urls import reverse

from careers.models import PostingStatus
from tests.factories.careers import JobPostingFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "seeker", "own_employer", "other_employer", "community_manager"]

# action -> expected HTTP status by role, in the order of ROLES.
# (Refused pages answer 403 with the reason; anonymous visitors are sent to sign in: 302.)
EXPECTED = {
    "view open job": (200, 200, 200, 200, 200),
    "view closed job": (200, 200, 200, 200, 200),
    "view draft job": (404, 404, 200, 404, 200),
    "view pending job": (404, 404, 200, 404, 200),
    "view hidden job": (404, 404, 200, 404, 200),
    "view removed job": (404, 404, 404, 404, 200),
    "edit the job": (302, 403, 200, 403, 200),
    "post for the company": (302, 403, 200, 403, 200),
    "edit the company page": (302, 403, 200, 403, 200),
    "create a company page": (302, 403, 200, 200, 200),
}


@pytest.fixture
def visitor(request, client, seeker, employer, other_employer, other_company, manager):
    """A client signed in as the role named by the test's parameter."""
    who = {
        "anonymous": None,
        "seeker": seeker,
        "own_employer": employer,
        "other_employer": other_employer,
        "community_manager": manager,
    }[request.param]
    if who is not None:
        client.force_login(who)
    return client


# Closing is a button: whoever presses it is sent back to the job; only some close it.
CLOSES = {
    "anonymous": False,
    "seeker": False,
    "own_employer": True,
    "other_employer": False,
    "community_manager": True,
}


def _request(client, action: str, job, company):
    if action.startswith("view "):
        return client.get(job.get_absolute_url())
    if action == "edit the job":
        return client.get(reverse("careers:edit_job", args=[job.pk]))
    if action == "post for the company":
        return client.get(reverse("careers:new_job", args=[company.slug]))
    if action == "edit the company page":
        return client.get(reverse("careers:edit_company", args=[company.slug]))
    if action == "create a company page":
        return client.get(reverse("careers:new_company"))
    raise AssertionError(action)


STATUS_FOR_ACTION = {
    "view closed job": PostingStatus.CLOSED,
    "view draft job": PostingStatus.DRAFT,
    "view pending job": PostingStatus.PENDING,
    "view hidden job": PostingStatus.HIDDEN,
    "view removed job": PostingStatus.REMOVED,
}


@pytest.mark.parametrize(
    ("visitor", "action", "expected"),
    [
        pytest.param(role, action, statuses[index], id=f"{role}-{action}")
        for action, statuses in EXPECTED.items()
        for index, role in enumerate(ROLES)
    ],
    indirect=["visitor"],
)
def test_role_by_action(visitor, action, expected, company, employer):
    job = JobPostingFactory(
        company=company,
        posted_by=employer,
        status=STATUS_FOR_ACTION.get(action, PostingStatus.OPEN),
    )
    response = _request(visitor, action, job, company)
    assert response.status_code == expected, response.content[:400]


@pytest.mark.parametrize("visitor", ROLES, indirect=True)
def test_only_the_companys_employers_and_managers_close_its_job(visitor, request, company):
    job = JobPostingFactory(company=company)
    response = visitor.post(reverse("careers:close_job", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    role = request.node.callspec.params["visitor"]
    assert (job.status == PostingStatus.CLOSED) is CLOSES[role]


def test_anonymous_visitors_are_sent_to_sign_in_before_posting(client, company):
    response = client.get(reverse("careers:new_job", args=[company.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_board_lists_only_open_jobs_before_their_closing_date(client, site_tree, company):
    JobPostingFactory(company=company, title="Open and listed")
    for status in (PostingStatus.DRAFT, PostingStatus.PENDING, PostingStatus.CLOSED):
        JobPostingFactory(company=company, title=f"Not listed {status}", status=status)
    JobPostingFactory(company=company, title="Not listed expired", closes_on="2020-01-01")
    html = client.get("/careers/").content.decode()
    assert "Open and listed" in html
    assert "Not listed" not in html


def test_an_employer_never_sees_another_companys_drafts_on_their_dashboard(
    client, employer, company, other_company
):
    JobPostingFactory(company=company, title="Our draft", status=PostingStatus.DRAFT)
    JobPostingFactory(company=other_company, title="Their draft", status=PostingStatus.DRAFT)
    client.force_login(employer)
    html = client.get(reverse("careers:mine")).content.decode()
    assert "Our draft" in html
    assert "Their draft" not in html


def test_a_suspended_employer_cannot_post(client, company, employer):
    from datetime import timedelta

    from django.utils import timezone

    employer.profile.suspended_until = timezone.now() + timedelta(days=2)
    employer.profile.save(update_fields=["suspended_until"])
    client.force_login(employer)
    response = client.get(reverse("careers:new_job", args=[company.slug]))
    assert response.status_code == 403
    assert "suspended" in response.content.decode()
