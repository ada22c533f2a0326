"""Jobs in the one community search (open or closed in the status facet, drafts never), and the
demo's job board."""

import pytest

from careers.models import Company, JobPosting, PostingStatus
from careers.moderation import JobPostingModeration
from community.search import indexing
from community.search.models import SearchEntry
from tests.factories.careers import JobPostingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_search(settings):
    settings.COMMUNITY_SEARCH_BACKEND = "database"


def test_open_and_closed_jobs_are_searchable_with_their_status(database_search, company):
    open_job = JobPostingFactory(company=company, title="Deliverability Specialist")
    closed = JobPostingFactory(
        company=company, title="Email Developer", status=PostingStatus.CLOSED
    )
    draft = JobPostingFactory(company=company, title="Secret draft", status=PostingStatus.DRAFT)
    indexing.rebuild()
    entries = {entry.object_id: entry for entry in SearchEntry.objects.filter(kind="job")}
    assert entries[open_job.pk].status == "open"
    assert entries[closed.pk].status == "closed"
    assert draft.pk not in entries


def test_the_search_page_finds_jobs_by_company_and_skill(client, database_search, company):
    JobPostingFactory(company=company, title="Lifecycle Marketing Manager", skills=["Webhooks"])
    indexing.rebuild()
    html = client.get("/search/", {"q": "Brightwave webhooks"}).content.decode()
    assert "Lifecycle Marketing Manager" in html


def test_the_demo_seeds_employers_and_forty_open_jobs_once(db):
    from careers.demo import seed_careers
    from community.members.demo import seed_members

    seed_members({"members": 0}, lambda line: None)
    seed_careers({}, lambda line: None)
    assert JobPosting.objects.live().count() == 40
    assert JobPosting.objects.filter(status=PostingStatus.CLOSED).count() == 4
    assert JobPosting.objects.live().values("company").distinct().count() >= 10
    held = JobPostingModeration().held()
    assert set(held.values_list("company__name", flat=True)) == {"Harbor Logistics"}
    # Every segment has jobs: every region, remote and on-site, several job types.
    regions = set(
        JobPosting.objects.live()
        .exclude(locations=None)
        .values_list("locations__country__region__code", flat=True)
    )
    assert regions == {"NA", "EMEA", "APAC", "LATAM"}
    assert JobPosting.objects.live().filter(workplace_type="remote").count() >= 8
    assert JobPosting.objects.live().values("employment_type").distinct().count() >= 4
    seed_careers({}, lambda line: None)
    assert JobPosting.objects.count() == 48
    assert Company.objects.count() == 13
