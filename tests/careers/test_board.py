"""/careers/: open jobs newest first, filters that work without script, keywords through the
one community search, "For you" shortcuts, bad input answered with a note, and a query budget
that does not grow with the number of jobs."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from careers.filters import JobFilters
from careers.models import EmploymentType, JobPosting, PostingStatus, Seniority, WorkplaceType
from careers.selectors import for_matching
from community.members.models import Country, Industry
from community.search import indexing
from tests.factories import CustomerFactory
from tests.factories.careers import CompanyFactory, JobPostingFactory
from tests.factories.careers_applications import OpenToWorkFactory

pytestmark = pytest.mark.django_db


def board(client, **params) -> str:
    response = client.get("/careers/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def jobs(company, other_company):
    """A spread of jobs: places, remote, types, levels, industries and pay."""
    now = timezone.now()
    software = Industry.objects.get(slug="software-saas")
    retail = Industry.objects.get(slug="retail-e-commerce")
    return {
        "berlin": JobPostingFactory(
            company=company,
            title="Lifecycle Marketing Manager",
            industry=software,
            seniority=Seniority.SENIOR,
            salary_min=70_000,
            salary_max=85_000,
            posted_at=now - datetime.timedelta(hours=3),
            skills=["Journeys"],
        ),
        "remote": JobPostingFactory(
            company=other_company,
            title="CRM Data Analyst",
            workplace_type=WorkplaceType.REMOTE,
            locations=[],
            remote_countries=["BR", "MX"],
            industry=retail,
            salary_min=9_000,
            salary_max=12_000,
            salary_currency="BRL",
            salary_period="month",
            posted_at=now - datetime.timedelta(days=5),
        ),
        "tokyo": JobPostingFactory(
            company=other_company,
            title="CRMマネージャー（日本市場）",
            locations=[("Tokyo", "JP")],
            employment_type=EmploymentType.CONTRACTOR,
            industry=retail,
            salary_min=None,
            salary_max=None,
            salary_currency="",
            posted_at=now - datetime.timedelta(days=20),
            skills=["日本語"],
        ),
    }


def test_open_jobs_are_listed_newest_first(client, site_tree, jobs):
    html = board(client)
    positions = [
        html.index(title) for title in ("Lifecycle Marketing", "CRM Data", "CRMマネージャー")
    ]
    assert positions == sorted(positions)
    assert "3 jobs" in html


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"country": "DE"}, {"berlin"}),
        ({"country": "MX"}, {"remote"}),  # remote and open to Mexico
        ({"region": "LATAM"}, {"remote"}),
        ({"region": "APAC"}, {"tokyo"}),
        ({"remote": "1"}, {"remote"}),
        ({"type": "contractor"}, {"tokyo"}),
        ({"seniority": "senior"}, {"berlin"}),
        ({"industry": "retail-e-commerce"}, {"remote", "tokyo"}),
        ({"salary": "100000"}, {"remote"}),  # 12,000 a month is 144,000 a year
        ({"salary": "80000", "country": "DE"}, {"berlin"}),
        ({"posted": "7"}, {"berlin", "remote"}),
        ({"posted": "1"}, {"berlin"}),
    ],
)
def test_each_filter_narrows_the_board(client, site_tree, jobs, params, shown):
    html = board(client, **params)
    for name, job in jobs.items():
        assert (job.title in html) is (name in shown), (name, params)


def test_a_board_with_no_job_to_show_says_why_and_leads_back_to_every_job(client, site_tree, jobs):
    html = board(client, country="FR")
    assert "No open job matches these filters" in html
    assert 'href="/careers/">See every job</a>' in html
    JobPosting.objects.update(status=PostingStatus.CLOSED)
    assert "No open jobs right now" in board(client)


def test_filters_read_back_into_the_same_query_string(jobs):
    query = QueryDict("q=journeys&country=de&remote=1&type=full_time&salary=50000&posted=7")
    filters = JobFilters.from_querydict(query)
    assert filters.country.code == "DE"
    again = JobFilters.from_querydict(QueryDict(filters.to_querydict().urlencode()))
    assert again.to_querydict() == filters.to_querydict()
    assert (
        again.describe()
        == "“journeys” · Full-time · remote · in Germany · from 50,000 a year · past week"
    )


def test_a_saved_search_matches_a_new_posting_without_a_query_per_alert(
    jobs, django_assert_num_queries
):
    filters = JobFilters.from_querydict(QueryDict("country=MX&salary=100000&q=crm"))
    loaded = list(
        for_matching(type(jobs["remote"]).objects.filter(pk__in=[j.pk for j in jobs.values()]))
    )
    with django_assert_num_queries(0):
        matching = {job.title for job in loaded if filters.matches(job)}
    assert matching == {"CRM Data Analyst"}


@pytest.mark.parametrize(
    "salary", ["５００００", "٥٠٠٠٠", "50000²", "-5", "1e5", "50 000 000 000 000 000 000 000"]
)
def test_a_salary_not_in_ascii_digits_is_ignored_with_a_note(client, site_tree, jobs, salary):
    html = board(client, salary=salary)
    assert "Write the minimum salary in digits (0-9) only" in html
    assert "3 jobs" in html


@pytest.mark.parametrize("page", ["２", "٢", "-1", "abc", "99999999999999999999999"])
def test_a_page_number_that_is_not_one_shows_a_page_not_an_error(client, site_tree, jobs, page):
    response = client.get("/careers/", {"page": page})
    assert response.status_code == 200


def test_unknown_filter_values_are_dropped_with_a_note(client, site_tree, jobs):
    html = board(client, country="ZZ", type="gig", industry="<script>", posted="365")
    assert "know that country" in html
    assert "Choose the job type from the list" in html
    assert "<script>" not in html
    assert "3 jobs" in html


def test_keywords_go_through_the_community_search(client, site_tree, jobs, settings):
    settings.COMMUNITY_SEARCH_BACKEND = "database"
    indexing.rebuild()
    html = board(client, q="lifecycle")
    assert "Lifecycle Marketing Manager" in html
    assert "CRM Data Analyst" not in html
    html = board(client, q="CRMマネージャー")
    assert "CRMマネージャー" in html


def test_the_board_still_answers_when_search_is_down(client, site_tree, jobs, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("search engine unreachable")

    monkeypatch.setattr("careers.filters.matching_ids", broken)
    html = board(client, q="Lifecycle")
    assert "Lifecycle Marketing Manager" in html
    assert "CRM Data Analyst" not in html


def test_for_you_offers_shortcuts_from_the_members_segment(client, site_tree, jobs):
    member = CustomerFactory(
        profile__industry=Industry.objects.get(slug="retail-e-commerce"),
        profile__country=Country.objects.get(code="BR"),
        profile__job_title="CRM Manager",
    )
    client.force_login(member)
    html = board(client)
    assert "Retail" in html and "Jobs in Brazil" in html and "Remote, open to Brazil" in html
    assert "Roles like “CRM Manager”" in html
    html = board(client, country="BR", remote="1")
    assert "CRM Data Analyst" in html


def test_for_you_offers_the_skills_named_in_the_members_open_to_work_roles(client, site_tree):
    JobPostingFactory(title="Lifecycle Lead", skills=["Marketing automation", "Go"])
    JobPostingFactory(title="Data Analyst", skills=["SQL"])
    JobPostingFactory(status="closed", skills=["Specialist"])
    member = CustomerFactory()
    OpenToWorkFactory(member=member, roles="Marketing automation specialist, SQL, Google Ads")
    client.force_login(member)
    html = board(client)
    assert "Jobs asking for Marketing automation" in html and "Jobs asking for SQL" in html
    # Whole words only, and only skills an open job asks for.
    assert "Jobs asking for Go<" not in html and "Jobs asking for Specialist" not in html
    html = board(client, skill="sql")
    assert "Data Analyst" in html and "Lifecycle Lead" not in html


def test_skills_and_company_names_in_any_script_have_working_addresses(client, site_tree):
    company = CompanyFactory(name="Café Ñandú データ")
    job = JobPostingFactory(
        company=company, title="Especialista em Automação", skills=["Análise de dados"]
    )
    assert company.slug == "café-ñandú-データ"
    assert client.get(company.get_absolute_url()).status_code == 200
    assert client.get(job.get_absolute_url()).status_code == 200
    html = board(client, skill="análise-de-dados")
    assert "Especialista em Automação" in html


@pytest.mark.parametrize("count", [1, 30])
def test_the_boards_query_budget_does_not_grow_with_the_jobs(
    client, site_tree, company, count, django_assert_max_num_queries
):
    for number in range(count):
        JobPostingFactory(company=CompanyFactory(), skills=["SQL", f"Skill {number}"])
    member = CustomerFactory(profile__job_title="Data analyst")
    OpenToWorkFactory(member=member, roles="SQL, Skill 0, Skill 1")
    client.force_login(member)
    with django_assert_max_num_queries(22):
        board(client, country="DE", type="full_time", salary="1000")
    with django_assert_max_num_queries(22):
        board(client)


@pytest.mark.parametrize("count", [1, 12])
def test_a_job_page_and_a_company_page_have_fixed_budgets(
    client, company, employer, count, django_assert_max_num_queries
):
    jobs = [
        JobPostingFactory(
            company=company,
            locations=[("Berlin", "DE"), ("Hamburg", "DE")],
            skills=["SQL", "Journeys"],
        )
        for _ in range(count)
    ]
    with django_assert_max_num_queries(14):
        assert client.get(jobs[0].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(company.get_absolute_url()).status_code == 200
    client.force_login(employer)
    with django_assert_max_num_queries(20):
        assert client.get(company.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/careers/mine/").status_code == 200
