"""Whatever is typed into an address or a form of the academy (digits of other scripts, ids
that name nothing, text in any script) gets the page or a clear 4xx, never a server error,
and changes nothing."""

import pytest
from django.urls import reverse

from learning import services
from learning.models import Certificate, Enrolment, QuizAttempt
from tests.factories import CommunityManagerFactory
from tests.factories.certificates import CertificateFactory
from tests.factories.learning import CourseFactory, LessonFactory, learning_index, learning_path

pytestmark = pytest.mark.django_db

# Twelve in Arabic-Indic and in full-width digits, an id no row has, and words in three scripts.
ODD_IDS = ["١٢", "１２", "99999999", "0"]
WORDS = ["ジャーニー", "رحلة العميل", "Путь клиента"]


def _no_server_error(response, *allowed: int) -> None:
    assert response.status_code < 500, response.status_code
    if allowed:
        assert response.status_code in allowed, response.status_code


def test_the_catalogue_takes_any_filter_or_page_number(client, member, course):
    client.force_login(member)
    url = learning_index().url
    for value in ODD_IDS + WORDS:
        for name in ("page", "level", "product", "tag", "duration", "industry", "region",
                     "audience", "progress"):  # fmt: skip
            response = client.get(url, {name: value})
            _no_server_error(response, 200)
            assert course.title in response.text


@pytest.mark.parametrize("odd", ODD_IDS)
def test_odd_course_lesson_and_attempt_ids_are_not_found(client, member, odd):
    client.force_login(member)
    for url in (f"/learning/c/{odd}/enrol/", f"/learning/l/{odd}/complete/",
                f"/learning/l/{odd}/quiz/"):  # fmt: skip
        _no_server_error(client.post(url), 404)
    _no_server_error(client.get(f"/learning/attempts/{odd}/"), 404)
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("slug", [*WORDS, "١٢", "no-such-path"])
def test_an_unknown_path_in_any_script_is_not_found(client, member, slug):
    client.force_login(member)
    _no_server_error(client.get(f"/learning/paths/{slug}/"), 404)
    _no_server_error(client.post(f"/learning/paths/{slug}/enrol/"), 404)


def test_a_path_named_in_another_script_opens_and_enrols(client, member, course, lessons):
    path = learning_path([course], title="مسار العميل", slug="مسار-العميل")
    client.force_login(member)
    _no_server_error(client.get(path.get_absolute_url()), 200)
    _no_server_error(client.post(reverse("learning:enrol_in_path", args=[path.slug])), 302)
    assert Enrolment.objects.filter(member=member, course=course).exists()


@pytest.mark.parametrize(
    "code", [*ODD_IDS, *WORDS, "١٢٣٤-٥٦٧٨-٩٠١٢-٣٤٥٦", "ＡＢＣＤ" * 4, "x" * 300]
)
def test_any_certificate_code_gets_the_unknown_page(client, member, code):
    CertificateFactory()
    client.force_login(member)
    response = client.get(f"/learning/certificates/{code}/")
    _no_server_error(response, 404)
    assert "No certificate has this ID" in response.text
    _no_server_error(client.get(f"/learning/certificates/{code}/pdf/"), 404)
    _no_server_error(client.post(f"/learning/certificates/{code}/renew/"), 404)


def _quiz_post(client, lesson, data):
    return client.post(reverse("learning:submit_quiz", args=[lesson.pk]), data)


def test_forged_quiz_fields_in_other_scripts_are_refused_and_change_nothing(
    client, member, course, quiz_lesson
):
    services.enrol(member=member, course=course)
    client.force_login(member)
    quiz = quiz_lesson.quiz
    token = services.attempt_token(member=member, quiz=quiz, number=1)
    question = quiz.questions.first()
    forged = [
        {"attempt": token, "q١٢": "1"},
        {"attempt": token, "q１２": "1"},
        {"attempt": token, f"q{question.pk}": "١٢"},
        {"attempt": token, f"q{question.pk}": "１２"},
        {"attempt": token, f"q{question.pk}": WORDS[0]},
        {"attempt": WORDS[1]},
        {"attempt": "١٢"},
        {},
    ]
    for data in forged:
        response = _quiz_post(client, quiz_lesson, data)
        _no_server_error(response, 400, 403, 404, 409, 422)
    assert not QuizAttempt.objects.exists()


def test_lessons_and_courses_titled_in_any_script_are_served(client, member):
    course = CourseFactory(title="顧客ジャーニー入門", slug="顧客ジャーニー入門", summary=WORDS[1])
    lesson = LessonFactory(course=course, title=WORDS[2], slug="путь", module=WORDS[0])
    client.force_login(member)
    for url in (course.url, lesson.url, learning_index().url):
        response = client.get(url)
        _no_server_error(response, 200)
        assert WORDS[2] in response.text or course.title in response.text
    _no_server_error(client.post(reverse("learning:complete", args=[lesson.pk])), 302)
    assert Enrolment.objects.get(member=member, course=course).completed_at is not None
    certificate = Certificate.objects.get(member=member, course=course)
    assert certificate.title == course.title
    _no_server_error(client.get(reverse("learning:certificate_pdf", args=[certificate.code])), 200)


def test_the_managers_screens_take_odd_ids_and_any_script(client):
    certificate = CertificateFactory()
    client.force_login(CommunityManagerFactory())
    insight = reverse("learning_course_insight")
    for segment in [*ODD_IDS, *WORDS]:
        _no_server_error(client.get(insight, {"segment": segment}), 200)
        _no_server_error(client.get(insight, {"segment": segment, "format": "csv"}), 200)
    for odd in ODD_IDS:
        _no_server_error(client.get(f"/admin/learning_certificates/revoke/{odd}/"), 404)
    index = reverse("learning_certificates:index")
    for words in WORDS:
        _no_server_error(client.get(index, {"q": words, "state": words}), 200)
    response = client.post(
        reverse("learning_certificates:revoke", args=[certificate.pk]), {"reason": WORDS[1]}
    )
    _no_server_error(response, 302)
    certificate.refresh_from_db()
    assert certificate.revoked_reason == WORDS[1]
