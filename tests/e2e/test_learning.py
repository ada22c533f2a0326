"""The academy's promise, in a browser: a member enrols in a course, works through its lessons,
fails the quiz once and passes it, downloads the certificate, and someone signed out opens its
verification address and sees it confirmed. Each of those pages passes the accessibility gate.
"""

import io
from pathlib import Path

from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from learning.models import Certificate
from tests.e2e.shots import shot
from tests.e2e.test_a11y import assert_accessible
from tests.factories import CustomerFactory
from tests.factories.learning import (
    CourseFactory,
    LessonFactory,
    quiz_with_questions,
    right_answers,
    wrong_answers,
)


def answer(page: Page, answers: dict[str, list[str]]) -> None:
    for name, values in answers.items():
        for value in values:
            page.locator(f'input[name="{name}"][value="{value}"]').check()
    page.get_by_role("button", name="Submit answers").click()


def test_a_member_earns_a_certificate_that_anyone_can_verify(new_context, sign_in, page_watch):
    course = CourseFactory(title="Journeys customers finish", certificate_validity_months=24)
    LessonFactory(course=course, title="Pick a trigger", slug="pick-a-trigger")
    quiz = quiz_with_questions(attempt_limit=3)
    check = LessonFactory(
        course=course, title="Check your journey", slug="check-your-journey", quiz=quiz
    )
    member = CustomerFactory(display_name="Юлия Смирнова")

    context = new_context(accept_downloads=True)
    sign_in(context, member)
    page = context.new_page()

    # Enrol in one click, then the first lesson, marked complete.
    page.goto(course.url)
    assert_accessible(page)
    shot(page, "course")
    page.get_by_role("button", name="Enrol").click()
    page.get_by_role("link", name="Continue: Pick a trigger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pick a trigger")
    assert_accessible(page)
    shot(page, "lesson")
    page.get_by_role("button", name="Mark complete").click()

    # The quiz: failed once, then passed.
    page.goto(check.url)
    expect(page.get_by_role("button", name="Submit answers")).to_be_visible()
    assert_accessible(page)
    shot(page, "quiz")
    answer(page, wrong_answers(quiz))
    expect(page.get_by_role("heading", level=1)).to_contain_text("0%")
    page.get_by_role("link", name="Try again").click()
    answer(page, right_answers(quiz))
    expect(page.get_by_text("Passed: the lesson is complete.")).to_be_visible()

    # The certificate, from the member's profile, and its PDF.
    certificate = Certificate.objects.get(member=member, course=course)
    page.goto(member.get_absolute_url())
    expect(page.locator(".role-badge--certified")).to_be_visible()
    shot(page, "profile")
    page.get_by_role("link", name="Journeys customers finish").first.click()
    expect(page.locator('[data-certificate-state="valid"]')).to_be_visible()
    expect(page.get_by_role("link", name="Add to LinkedIn profile")).to_be_visible()
    assert_accessible(page)
    shot(page, "holder")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    pdf = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = pdf.pages[0].extract_text()
    assert "Юлия Смирнова" in text and certificate.code in text

    # Someone signed out opens the address printed on it.
    visitor = new_context().new_page()
    visitor.goto(f"/learning/certificates/{certificate.code}/")
    expect(visitor.locator('[data-certificate-state="valid"]')).to_contain_text("genuine")
    expect(visitor.get_by_text("Юлия Смирнова")).to_be_visible()
    assert_accessible(visitor)
    shot(visitor, "verification")

    unknown = "/learning/certificates/ZZZZ-ZZZZ-ZZZZ-ZZZZ/"
    page_watch.allow(status=404, path=unknown)
    visitor.goto(unknown)
    expect(visitor.locator('[data-certificate-state="unknown"]')).to_be_visible()
    assert_accessible(visitor)
    shot(visitor, "unknown")


def test_a_manager_revokes_a_certificate_and_its_page_says_so(new_context, sign_in, page_watch):
    from tests.factories import CommunityManagerFactory
    from tests.factories.certificates import CertificateFactory

    certificate = CertificateFactory(holder_name="Dana Whitfield", title="Segments that hold up")
    manager = CommunityManagerFactory()
    context = new_context()
    sign_in(context, manager)
    page = context.new_page()

    page.goto(reverse("learning_certificates:index"))
    row = page.get_by_role("row").filter(has_text="Dana Whitfield")
    expect(row).to_contain_text("Valid")
    assert_accessible(page)
    shot(page, "admin-certificates")
    row.get_by_role("link", name="Revoke").click()

    # A reason is needed; what was typed stays after a refusal.
    page_watch.allow(status=422)
    page.get_by_role("button", name="Revoke certificate").click()
    expect(page.get_by_role("alert")).to_contain_text("Give the reason")
    assert_accessible(page)
    page.get_by_label("Reason").fill("The quizzes were taken by a colleague on a shared account.")
    shot(page, "admin-revoke")
    page.get_by_role("button", name="Revoke certificate").click()
    expect(page.get_by_text(f"Certificate {certificate.code} revoked")).to_be_visible()

    visitor = new_context().new_page()
    visitor.goto(f"/learning/certificates/{certificate.code}/")
    expect(visitor.locator('[data-certificate-state="revoked"]')).to_contain_text("revoked on")
    expect(visitor.get_by_text("shared account")).to_have_count(0)
    assert_accessible(visitor)
    shot(visitor, "revoked")
