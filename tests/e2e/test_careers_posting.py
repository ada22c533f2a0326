"""The job board in a browser: an employer new to the board posts a job from the site, it waits
for a community manager, who approves it in the review queue, and it shows on /careers/ for
everyone. The board and the job's page pass the accessibility gate, at desktop and phone sizes.
"""

import itertools
import os

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.shots import shot
from tests.e2e.test_a11y import assert_accessible
from tests.factories import CommunityManagerFactory, EmployerFactory
from tests.factories.careers import CompanyFactory

# The server's database is kept between tests: every run names its own company.
RUNS = itertools.count(1)


def test_an_employer_posts_a_job_a_manager_approves_it_and_it_is_listed(new_context, sign_in):
    run = next(RUNS)
    employer = EmployerFactory(display_name="Lena Vogel")
    company = CompanyFactory(
        name=f"Kestrel Software {os.getpid()}-{run}", members=[employer], approved_postings=0
    )
    manager = CommunityManagerFactory(display_name="Maya Chen")
    title = f"Lifecycle Marketing Manager ({company.pk})"

    # The employer fills in the job form and submits it.
    employing = new_context()
    sign_in(employing, employer)
    page = employing.new_page()
    page.goto("/careers/")
    page.get_by_role("link", name="Post a job").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Post a job at {company.name}")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Description").fill(
        "Own our **trial nurture** journeys.\n\n- Onboarding\n- Product signals"
    )
    page.get_by_label("Hybrid").check()
    page.get_by_label("City 1").fill("Berlin")
    page.get_by_label("Country 1").select_option("DE")
    page.get_by_label("Seniority").select_option("senior")
    page.get_by_label("Skills").fill("Journeys, Webhooks, データ分析")
    page.get_by_label("Salary from").fill("72000")
    page.get_by_label("Salary up to").fill("88000")
    page.get_by_label("Currency").select_option("EUR")
    shot(page, "careers-job-form")
    page.get_by_role("button", name="Submit the job").click()
    expect(page.locator(".messages")).to_contain_text("A community manager checks")
    expect(page.get_by_text("Awaiting approval.")).to_be_visible()

    # Nobody else sees it yet.
    visitor = new_context().new_page()
    visitor.goto("/careers/")
    expect(visitor.get_by_role("link", name=title, exact=True)).to_have_count(0)

    # The manager approves it from the review queue.
    managing = new_context()
    sign_in(managing, manager)
    admin = managing.new_page()
    admin.goto("/admin/moderation/")
    admin.get_by_role("link", name=f"{title} at {company.name}").click()
    admin.get_by_role("button", name="Approve", exact=True).click()
    expect(admin.locator(".messages")).to_contain_text("Approved")

    # Now it is on the board, and its page takes applications.
    visitor.goto("/careers/")
    expect(visitor.get_by_role("link", name=title, exact=True)).to_be_visible()
    assert_accessible(visitor)
    shot(visitor, "careers-board-desktop")
    visitor.get_by_role("link", name=title, exact=True).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(visitor.locator("script[type='application/ld+json']")).to_have_count(1)
    expect(visitor.get_by_text("€72,000–€88,000 per year")).to_be_visible()
    assert_accessible(visitor)
    shot(visitor, "careers-job-desktop")

    phone = new_context(viewport=PHONE).new_page()
    phone.goto("/careers/")
    assert_accessible(phone)
    shot(phone, "careers-board-phone")
    phone.get_by_role("link", name=title, exact=True).click()
    assert_accessible(phone)
    shot(phone, "careers-job-phone")
    phone.goto(company.get_absolute_url())
    assert_accessible(phone)
    shot(phone, "careers-company-phone")

    # The employer's own screens: their dashboard, and their company page's form on a phone.
    page.goto("/careers/mine/")
    expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()
    assert_accessible(page)
    shot(page, "careers-mine-desktop")
    employer_phone = new_context(viewport=PHONE)
    sign_in(employer_phone, employer)
    form = employer_phone.new_page()
    form.goto(f"/careers/companies/{company.slug}/edit/")
    expect(form.get_by_label("Name")).to_have_value(company.name)
    assert_accessible(form)
    shot(form, "careers-company-form-phone")
