"""From the job alert on: a member whose saved search matches a job a community manager has just
approved is alerted live, applies with a PDF CV, and sees the employer move the application to
"interview" on their applications page, without reloading it. Every page of the journey (the
application form, the member's applications, the employer's applicants, job alerts, open to
work and the candidates list) passes the accessibility gate.
"""

import itertools
import os

from playwright.sync_api import expect

from careers import services as posting_services
from careers.application_models import Application
from careers.cv_documents import pdf_cv
from careers.models import PostingStatus
from tests.e2e.conftest import PHONE
from tests.e2e.live import wait_for_live_socket
from tests.e2e.shots import shot
from tests.e2e.test_a11y import assert_accessible
from tests.factories import CommunityManagerFactory, CustomerFactory, EmployerFactory
from tests.factories.careers import CompanyFactory, JobPostingFactory
from tests.factories.careers_applications import OpenToWorkFactory, SavedSearchFactory

# The server's database is kept between tests: every run names its own company and job.
RUNS = itertools.count(1)


def test_an_alerted_member_applies_and_sees_the_employer_move_them_to_interview(
    new_context, sign_in, page_watch, tmp_path
):
    run = f"{os.getpid()}-{next(RUNS)}"
    employer = EmployerFactory(display_name="Priya Raman")
    company = CompanyFactory(
        name=f"Brightpath Health {run}", members=[employer], approved_postings=0
    )
    manager = CommunityManagerFactory(display_name="Maya Chen")
    seeker = CustomerFactory(display_name="Ana Souza")
    seeker.profile.reputation = 340
    seeker.profile.save(update_fields=["reputation"])
    title = f"Marketing Automation Lead {run}"
    SavedSearchFactory(member=seeker, name="Automation roles", query="q=automation")
    draft = JobPostingFactory(
        company=company, posted_by=employer, status=PostingStatus.DRAFT, posted_at=None, title=title
    )
    posting_services.submit_posting(posting=draft, member=employer)
    draft.refresh_from_db()
    assert draft.status == PostingStatus.PENDING

    # The member has their applications page open, listening.
    seeking = new_context()
    sign_in(seeking, seeker)
    member_page = seeking.new_page()
    member_page.goto("/careers/applications/")
    wait_for_live_socket(member_page)

    # A community manager approves the job in the review queue.
    managing = new_context()
    sign_in(managing, manager)
    admin = managing.new_page()
    admin.goto(f"/admin/moderation/review/job/{draft.pk}/")
    admin.get_by_role("button", name="Approve", exact=True).click()
    expect(admin.locator(".messages")).to_contain_text("Approved")

    # The alert arrives live, and leads to the job.
    toast = member_page.locator("[data-toasts]").get_by_text(
        f"New job for “Automation roles”: {title}"
    )
    expect(toast).to_be_visible()
    shot(member_page, "careers-alert-toast", width=True)
    toast.click()
    expect(member_page.get_by_role("heading", level=1)).to_have_text(title)
    member_page.get_by_role("link", name="Apply now").click()

    # The application form: a refused file keeps the letter; a PDF goes through.
    letter = "Four years of journeys at Lumen Retail; consent done right from the first touch."
    expect(member_page.get_by_role("heading", level=1)).to_have_text(f"Apply for {title}")
    assert_accessible(member_page)
    shot(member_page, "careers-apply", width=True)
    # The refused file is answered with its form again and status 422, as it should be.
    page_watch.allow(status=422, path=f"/careers/jobs/{draft.pk}/apply/")
    fake = tmp_path / "cv.pdf"
    fake.write_bytes(b"MZ\x90\x00 not a document")
    member_page.get_by_label("Your CV").set_input_files(str(fake))
    member_page.get_by_label("Cover letter").fill(letter)
    member_page.get_by_role("button", name="Send my application").click()
    expect(member_page.get_by_text("That file is a program")).to_be_visible()
    expect(member_page.get_by_label("Cover letter")).to_have_value(letter)
    assert_accessible(member_page)
    shot(member_page, "careers-apply-refused", width=True)
    cv = tmp_path / "Ana Souza – CV.pdf"
    cv.write_bytes(pdf_cv(["Ana Souza", "Marketing Operations Lead, Lumen Retail"]))
    member_page.get_by_label("Your CV").set_input_files(str(cv))
    member_page.get_by_role("button", name="Send my application").click()
    expect(member_page.get_by_text("Application sent.")).to_be_visible()
    application = Application.objects.get(job=draft, applicant=seeker)
    card = member_page.locator(f"#application-{application.pk}")
    expect(card.locator("[data-stage]")).to_have_text("New")
    wait_for_live_socket(member_page)
    assert_accessible(member_page)
    shot(member_page, "careers-my-applications", width=True)

    # The employer sees the applicant with their community record, and moves them on.
    employing = new_context()
    sign_in(employing, employer)
    employer_page = employing.new_page()
    employer_page.goto(f"/careers/jobs/{draft.pk}/applicants/")
    applicant = employer_page.locator(f"#application-{application.pk}")
    expect(applicant.get_by_role("heading", name="Ana Souza")).to_be_visible()
    expect(applicant.locator(".applicant__record")).to_contain_text("340")
    assert_accessible(employer_page)
    shot(employer_page, "careers-applicants", width=True)
    with employer_page.expect_download() as download:
        applicant.get_by_role("link", name="CV of Ana Souza").click()
    assert download.value.suggested_filename == "Ana Souza – CV.pdf"
    applicant.get_by_label("Stage").select_option("interview")
    applicant.get_by_role("button", name="Move Ana Souza").click()
    expect(employer_page.locator(f"#application-{application.pk} select")).to_have_value(
        "interview"
    )

    # The member's page shows the change without a reload.
    expect(card.locator("[data-stage]")).to_have_text("Interview")
    expect(card.locator("[aria-current='step']")).to_have_text("Interview")
    shot(member_page, "careers-my-applications-interview", width=True)

    # Back on the job's page, the member is told they applied and where it stands, not asked again.
    member_page.goto(draft.get_absolute_url())
    applied = member_page.locator(".job-applied")
    expect(applied).to_contain_text("You applied on")
    expect(applied).to_contain_text("Interview")
    expect(member_page.get_by_role("link", name="Apply now")).to_have_count(0)
    assert_accessible(member_page)
    applied.get_by_role("link", name="See your application").click()
    expect(member_page.locator(f"#application-{application.pk}")).to_be_visible()


def test_alerts_and_open_to_work_pages_pass_the_gate(new_context, sign_in):
    seeker = CustomerFactory(display_name="Tomasz Nowak")
    SavedSearchFactory(member=seeker, name="Remote CRM roles", query="q=CRM&remote=1")
    OpenToWorkFactory(member=seeker, roles="Marketing automation specialist").countries.set(
        ["PL", "DE"]
    )
    employer = EmployerFactory(display_name="Lena Vogel")
    for viewport in (None, PHONE):
        size = {"viewport": viewport} if viewport else {}
        context = new_context(**size)
        sign_in(context, seeker)
        page = context.new_page()
        for address, name in (
            ("/careers/alerts/", "careers-alerts"),
            ("/careers/alerts/save/?q=automation&remote=1", "careers-save-search"),
            ("/careers/open-to-work/", "careers-open-to-work"),
        ):
            page.goto(address)
            assert_accessible(page)
            shot(page, name, width=True)
        hiring = new_context(**size)
        sign_in(hiring, employer)
        candidates = hiring.new_page()
        candidates.goto("/careers/candidates/")
        expect(candidates.get_by_text("Marketing automation specialist").first).to_be_visible()
        assert_accessible(candidates)
        shot(candidates, "careers-candidates", width=True)
