"""Course insight for community managers: enrolments, completions, the average quiz score and
the lesson where members stop, overall and by segment, in the admin and as CSV, in a fixed
number of queries."""

import csv
import io

import pytest
from django.urls import reverse

from community.members.models import Industry
from learning import insight, services
from learning.models import Enrolment, LessonProgress
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.learning import CourseFactory, LessonFactory, right_answers, wrong_answers

pytestmark = pytest.mark.django_db

INSIGHT_QUERIES = 5


# The taxonomy's own rows: member factories cycle through them, so tests add none of their own.
@pytest.fixture
def retail():
    return Industry.objects.get(slug="retail-e-commerce")


@pytest.fixture
def energy():
    """Energy, renamed in a script and with a sign a spreadsheet would take for a formula."""
    Industry.objects.filter(slug="energy-utilities").update(name="= Énergie & réseaux")
    return Industry.objects.get(slug="energy-utilities")


def _member(industry, name):
    member = CustomerFactory(display_name=name)
    member.profile.industry = industry
    member.profile.save(update_fields=["industry"])
    return member


def _attempt(member, lesson, answers):
    number = lesson.quiz.attempts.filter(member=member).count() + 1
    token = services.attempt_token(member=member, quiz=lesson.quiz, number=number)
    services.submit_attempt(member=member, lesson=lesson, token=token, answers=answers)


@pytest.fixture
def learners(course, lessons, quiz_lesson, retail, energy):
    """Four members at different stages of the course (Step 1, Step 2, then the quiz)."""
    finished = _member(retail, "Femi Adebayo")
    for lesson in lessons:
        services.complete_lesson(member=finished, lesson=lesson)
    services.enrol(member=finished, course=course)
    _attempt(finished, quiz_lesson, right_answers(quiz_lesson.quiz))

    stuck_on_quiz = _member(retail, "Rosa Jiménez")
    for lesson in lessons:
        services.complete_lesson(member=stuck_on_quiz, lesson=lesson)
    _attempt(stuck_on_quiz, quiz_lesson, wrong_answers(quiz_lesson.quiz))

    half_way = _member(energy, "Sigrid Holm")
    services.complete_lesson(member=half_way, lesson=lessons[0])

    just_enrolled = _member(energy, "Tomasz Nowak")
    services.enrol(member=just_enrolled, course=course)
    return finished, stuck_on_quiz, half_way, just_enrolled


def test_the_numbers_of_a_course_for_everyone(course, learners):
    (row,) = insight.course_insight(courses=[course.pk])
    assert (row.enrolments, row.completions, row.completion_rate) == (4, 1, 25)
    assert (row.attempts, row.average_score) == (2, 50.0)
    # The three who have not finished each stopped at a different lesson.
    assert row.stopped == 1


def test_the_lesson_where_most_members_stop(course, lessons, learners):
    for _ in range(2):
        late = CustomerFactory()
        services.complete_lesson(member=late, lesson=lessons[0])
    (row,) = insight.course_insight(courses=[course.pk])
    assert (row.stop_lesson, row.stopped) == ("Step 2", 3)


def test_the_numbers_by_industry(course, learners, retail, energy):
    rows = {row.segment: row for row in insight.course_insight(segment="industry")}
    assert (rows[retail.name].enrolments, rows[retail.name].completions) == (2, 1)
    assert rows[retail.name].stop_lesson == "Check"
    assert rows[retail.name].average_score == 50.0
    assert (rows[energy.name].enrolments, rows[energy.name].completions) == (2, 0)
    assert rows[energy.name].average_score is None


def test_members_who_never_said_count_apart(course, lessons):
    services.enrol(member=_member(None, "Anonymous learner"), course=course)
    (row,) = insight.course_insight(segment="industry")
    assert row.segment == insight.UNKNOWN


def test_an_unpublished_course_is_left_out(course, learners):
    draft = CourseFactory(title="Partner course in review", live=False)
    assert draft.title not in [row.course for row in insight.course_insight()]


def test_insight_takes_the_same_queries_whatever_the_data(
    django_assert_max_num_queries, course, learners, lessons
):
    with django_assert_max_num_queries(INSIGHT_QUERIES):
        insight.course_insight(segment="region")
    for n in range(3):
        more = CourseFactory(title=f"Scoring {n}")
        lesson = LessonFactory(course=more, slug=f"score-{n}")
        for _ in range(4):
            learner = CustomerFactory()
            Enrolment.objects.create(member=learner, course=more, lessons_completed=1)
            LessonProgress.objects.create(member=learner, lesson=lesson, course=more)
    for segment in ("", "industry", "region", "audience"):
        with django_assert_max_num_queries(INSIGHT_QUERIES):
            insight.course_insight(segment=segment)


def test_only_community_managers_open_course_insight(client, member):
    url = reverse("learning_course_insight")
    client.force_login(member)
    assert client.get(url).status_code in (302, 403)
    client.force_login(CommunityManagerFactory())
    assert client.get(url).status_code == 200


def test_managers_read_the_table_and_download_it(client, course, learners, retail, energy):
    client.force_login(CommunityManagerFactory())
    url = reverse("learning_course_insight")
    page = client.get(url, {"segment": "industry"})
    assert page.status_code == 200
    assert course.title in page.text
    assert "= Énergie &amp; réseaux" in page.text
    download = client.get(url, {"segment": "industry", "format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == insight.CSV_HEADER
    by_segment = {row[1]: row for row in rows[1:]}
    assert by_segment[retail.name][2:5] == ["2", "1", "50"]
    # A name that starts like a formula stays text in a spreadsheet.
    assert by_segment["'= Énergie & réseaux"][2:4] == ["2", "0"]
    unknown = client.get(url, {"segment": "<script>"})
    assert unknown.status_code == 200
