"""The job board's numbers on the community health dashboard: jobs opened by the employer
company's segment, applications and applicants by the applicant's, and only what went live."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from careers import insight_source as careers
from careers.applications.services import withdraw, withdraw_and_delete
from careers.models import Company, JobPosting, PostingStatus
from community.insight import rollup
from community.insight.sources import SegmentFilter
from community.members.models import Country, Industry, Region
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.careers import CompanyFactory, JobPostingFactory
from tests.factories.careers_applications import ApplicationFactory
from tests.insight.reading import assert_page_shows, numbers_now, page_text
from tests.insight.test_query_budget import LIST_BUDGET


@dataclass
class Board:
    now: datetime
    retail: Industry
    software: Industry
    emea: Region
    na: Region
    retailer: Company
    vendor: Company
    jobs: dict
    ines: object  # a retail applicant in Germany
    marcus: object  # a software applicant in the United States
    manager: object


def _roll_up() -> None:
    rollup.recompute(since=timezone.localdate() - timedelta(days=120))


@pytest.fixture
def board(db) -> Board:
    now = timezone.now()
    retail, software = Industry.objects.order_by("sort_order")[:2]
    de, us = Country.objects.get(code="DE"), Country.objects.get(code="US")
    retailer = CompanyFactory(name="Lindqvist Home", industry=retail, region=de.region)
    vendor = CompanyFactory(name="Cobalt Ledger", industry=software, region=us.region)

    def job(company, title, days_ago, **fields) -> JobPosting:
        return JobPostingFactory(
            company=company,
            title=title,
            posted_at=now - timedelta(days=days_ago),
            created_at=now - timedelta(days=days_ago + 1),
            **fields,
        )

    jobs = {
        "crm": job(retailer, "CRM Campaign Manager", 3),
        "lifecycle": job(retailer, "Lifecycle Marketing Specialist", 5),
        # Filled since: a closed posting did go live.
        "deliverability": job(vendor, "Email Deliverability Engineer", 4, status="closed"),
        # Went live in the previous 30 days.
        "older": job(vendor, "Solutions Architect, Marketing Cloud", 45),
        # Never live, or taken down by moderators: none of these count.
        "pending": job(retailer, "Store Marketing Lead", 2, status=PostingStatus.PENDING),
        "draft": job(retailer, "Loyalty Programme Owner", 2, status=PostingStatus.DRAFT),
        "hidden": job(vendor, "Earn $5,000 a week from home", 2, status=PostingStatus.HIDDEN),
        "removed": job(vendor, "Crypto growth hacker", 2, status=PostingStatus.REMOVED),
    }
    JobPosting.objects.filter(pk=jobs["pending"].pk).update(posted_at=None)
    ines = CustomerFactory(
        display_name="Ines Brandt", profile__industry=retail, profile__country=de,
        profile__audience="b2b",
    )  # fmt: skip
    marcus = CustomerFactory(
        display_name="Marcus Hale", profile__industry=software, profile__country=us,
        profile__audience="b2c",
    )  # fmt: skip

    def apply(member, posting, days_ago):
        return ApplicationFactory(
            applicant=member, job=posting, created_at=now - timedelta(days=days_ago)
        )

    apply(ines, jobs["crm"], 2)
    apply(ines, jobs["lifecycle"], 1)
    withdrawn = apply(ines, jobs["deliverability"], 3)
    withdraw(application=withdrawn, member=ines)
    apply(marcus, jobs["crm"], 1)
    apply(marcus, jobs["older"], 40)
    apply(marcus, jobs["hidden"], 1)  # on a posting moderators hid
    return Board(
        now=now,
        retail=retail,
        software=software,
        emea=de.region,
        na=us.region,
        retailer=retailer,
        vendor=vendor,
        jobs=jobs,
        ines=ines,
        marcus=marcus,
        manager=CommunityManagerFactory(display_name="Dana Whitfield"),
    )


def test_jobs_opened_counts_postings_that_went_live_in_the_period_never_held_or_hidden(board):
    _roll_up()
    assert numbers_now()[careers.OPENED] == 3
    assert numbers_now(days=7)[careers.OPENED] == 3
    assert numbers_now(days=90)[careers.OPENED] == 4


def test_jobs_opened_follow_the_employer_companys_industry_and_region(board):
    _roll_up()
    assert numbers_now(SegmentFilter(industries=(board.retail.pk,)))[careers.OPENED] == 2
    assert numbers_now(SegmentFilter(regions=(board.na.pk,)))[careers.OPENED] == 1
    by_employer = numbers_now(SegmentFilter(roles=("Employer",)))
    assert by_employer[careers.OPENED] == 3
    # Customers apply; they open no jobs.
    assert careers.OPENED not in numbers_now(SegmentFilter(roles=("Customer",)))


def test_applications_and_applicants_follow_the_applicants_segment_and_day(board):
    _roll_up()
    everyone = numbers_now()
    # Ines's three (one withdrawn since) and Marcus's one: not his on the hidden posting.
    assert everyone[careers.APPLICATIONS] == 4
    assert everyone[careers.APPLICANTS] == 2
    retail = numbers_now(SegmentFilter(industries=(board.retail.pk,)))
    assert retail[careers.APPLICATIONS] == 3
    assert retail[careers.APPLICANTS] == 1
    b2c = numbers_now(SegmentFilter(audiences=("b2c",)))
    assert b2c[careers.APPLICATIONS] == 1
    assert numbers_now(SegmentFilter(audiences=("b2c",)), days=90)[careers.APPLICATIONS] == 2
    assert numbers_now(days=2)[careers.APPLICATIONS] == 2  # yesterday and today


def test_applying_makes_a_member_count_as_active(board):
    _roll_up()
    assert numbers_now()["members.active"] == 2


def test_an_application_withdrawn_and_deleted_is_no_longer_counted(board):
    application = board.ines.job_applications.get(job=board.jobs["crm"])
    withdraw_and_delete(application=application, member=board.ines)
    _roll_up()
    assert numbers_now()[careers.APPLICATIONS] == 3
    assert numbers_now(SegmentFilter(industries=(board.retail.pk,)))[careers.APPLICATIONS] == 2


def test_a_posting_moderators_hide_later_leaves_the_numbers_at_the_next_rollup(board):
    _roll_up()
    JobPosting.objects.filter(pk=board.jobs["crm"].pk).update(status=PostingStatus.HIDDEN)
    _roll_up()
    numbers = numbers_now()
    assert numbers[careers.OPENED] == 2
    assert numbers[careers.APPLICATIONS] == 2  # the two to the hidden job went with it


@pytest.fixture
def manager_client(client, board):
    _roll_up()
    client.force_login(board.manager)
    return client


def test_the_dashboard_shows_the_careers_cards(manager_client):
    response = manager_client.get(reverse("insight_dashboard"), {"period": "30"})
    assert_page_shows(
        response, "Careers", "Jobs opened 3", "Job applications 4", "Members applying 2"
    )
    assert "metric=careers.opened" in unescape(response.content.decode())


def test_the_jobs_opened_list_is_filtered_like_the_number(manager_client, board):
    response = manager_client.get(
        reverse("insight_drilldown"),
        {"metric": careers.OPENED, "period": "30", "industry": str(board.retail.pk)},
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "CRM Campaign Manager" in text and "Lifecycle Marketing Specialist" in text
    assert "Email Deliverability Engineer" not in text  # another industry
    assert "Store Marketing Lead" not in text  # awaiting approval
    assert board.jobs["crm"].get_absolute_url() in response.content.decode()


def test_the_applications_list_names_applicants_of_the_segment_with_their_stage(
    manager_client, board
):
    url = reverse("insight_drilldown")
    response = manager_client.get(
        url, {"metric": careers.APPLICATIONS, "period": "30", "region": str(board.emea.pk)}
    )
    text = page_text(response)
    assert text.count("Ines Brandt") == 3
    assert "Withdrawn" in text
    assert "Marcus Hale" not in text
    assert "Earn $5,000" not in text
    applicants = manager_client.get(url, {"metric": careers.APPLICANTS, "period": "30"})
    text = page_text(applicants)
    assert "Ines Brandt" in text and "Marcus Hale" in text


def test_the_careers_lists_keep_their_query_budget_as_applications_grow(
    manager_client, board, django_assert_max_num_queries
):
    url = reverse("insight_drilldown")
    metrics = (careers.OPENED, careers.APPLICATIONS, careers.APPLICANTS)
    for metric in metrics:
        with django_assert_max_num_queries(LIST_BUDGET):
            assert manager_client.get(url, {"metric": metric, "period": "30"}).status_code == 200
    for member in (CustomerFactory() for _ in range(6)):
        for posting in (board.jobs["crm"], board.jobs["lifecycle"]):
            ApplicationFactory(applicant=member, job=posting)
    for metric in metrics:
        with django_assert_max_num_queries(LIST_BUDGET):
            assert manager_client.get(url, {"metric": metric, "period": "30"}).status_code == 200
