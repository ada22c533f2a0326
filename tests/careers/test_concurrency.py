"""Jobs stay right when people press the same button at the same moment: a draft is submitted
once, a held job is approved and counted once, and every view is counted.

These need real row locks and concurrent connections, so they run on PostgreSQL only.
"""

from careers import services
from careers.models import Company, JobPosting, PostingStatus
from community.moderation import services as moderation
from community.moderation.models import ModerationAction
from tests.concurrency import ON_POSTGRESQL_WITH_THREADS, run_together
from tests.factories import CommunityManagerFactory, EmployerFactory
from tests.factories.careers import CompanyFactory, JobPostingFactory

pytestmark = ON_POSTGRESQL_WITH_THREADS


def test_a_draft_submitted_from_two_tabs_is_published_once_and_counted_once():
    colleagues = [EmployerFactory(), EmployerFactory()]
    company = CompanyFactory(members=colleagues, approved_postings=5)
    draft = JobPostingFactory(company=company, status=PostingStatus.DRAFT, posted_at=None)

    outcomes = run_together(
        lambda member: services.submit_posting(posting=draft, member=member),
        colleagues,
        keep_errors=True,
    )

    refused = [outcome for outcome in outcomes if isinstance(outcome, services.PostingRejected)]
    assert len(refused) == 1
    assert JobPosting.objects.get(pk=draft.pk).status == PostingStatus.OPEN
    assert Company.objects.get(pk=company.pk).approved_postings == 6


def test_two_managers_approving_at_once_open_the_job_and_trust_the_company_once():
    company = CompanyFactory(approved_postings=0)
    held = JobPostingFactory(company=company, status=PostingStatus.PENDING, posted_at=None)
    managers = [CommunityManagerFactory(), CommunityManagerFactory()]

    run_together(
        lambda manager: moderation.approve(item=held, moderator=manager),
        managers,
        keep_errors=True,
    )

    held.refresh_from_db()
    assert held.status == PostingStatus.OPEN
    assert held.approved_by in managers
    assert Company.objects.get(pk=company.pk).approved_postings == 1
    assert ModerationAction.objects.filter(action="approve", target_id=held.pk).count() == 1


def test_every_view_of_a_busy_job_is_counted():
    job = JobPostingFactory()
    run_together(lambda _: services.record_view(job), range(16))
    assert JobPosting.objects.get(pk=job.pk).view_count == 16
