"""The catalogue, course and lesson pages: what each viewer sees, the right answers never
before submitting, and query budgets that do not grow with the catalogue or progress rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.members.models import Industry
from learning import services
from learning.models import Enrolment, LessonProgress
from tests.factories import CustomerFactory
from tests.factories.learning import CourseFactory, LessonFactory, learning_index

pytestmark = pytest.mark.django_db

CATALOGUE_BUDGET = 21  # with the learning paths section and its progress
COURSE_BUDGET = 12
LESSON_BUDGET = 14


def _catalogue(client, query=""):
    return client.get(learning_index().url + query)


def test_the_catalogue_lists_published_courses_only(client, course):
    draft = CourseFactory(title="A partner course awaiting review", live=False)
    response = _catalogue(client)
    assert response.status_code == 200
    assert course.title in response.text
    assert draft.title not in response.text
    assert client.get(draft.url or f"/learning/{draft.slug}/").status_code == 404


def test_filters_narrow_the_catalogue_without_script(client, course):
    advanced = CourseFactory(
        title="Scoring models in depth", level="advanced", duration_minutes=200
    )
    response = _catalogue(client, "?level=advanced&duration=long")
    assert advanced.title in response.text
    assert course.title not in response.text
    # Unknown values are ignored, never an error.
    assert _catalogue(client, "?level=%F0%9F%92%A5&tag=nope&region=<x>").status_code == 200


def test_the_progress_filter_follows_the_member(client, member, course, lessons):
    other = CourseFactory(title="Segments for beginners")
    services.complete_lesson(member=member, lesson=lessons[0])
    client.force_login(member)
    in_progress = _catalogue(client, "?progress=in_progress")
    assert course.title in in_progress.text and other.title not in in_progress.text
    not_started = _catalogue(client, "?progress=not_started")
    assert other.title in not_started.text and course.title not in not_started.text


def test_the_course_page_shows_progress_and_continue(client, member, course, lessons):
    services.complete_lesson(member=member, lesson=lessons[0])
    client.force_login(member)
    response = client.get(course.url)
    assert "1 of 2 lessons" in response.text
    assert f'href="{lessons[1].url}">Continue' in response.text


def test_right_answers_never_reach_the_page_before_submitting(client, member, course, quiz_lesson):
    services.enrol(member=member, course=course)
    client.force_login(member)
    quiz = quiz_lesson.quiz
    response = client.get(quiz_lesson.url)
    assert response.status_code == 200
    assert 'name="attempt"' in response.text
    for question in quiz.questions.all():
        assert question.text in response.text
        assert question.explanation not in response.text
        for option in question.options.all():
            assert option.feedback not in response.text
    for page in (course.url, learning_index().url, reverse("learning:mine")):
        text = client.get(page).text
        assert "is right." not in text and "is wrong." not in text


def test_a_quiz_form_is_offered_to_enrolled_members_only(client, member, course, quiz_lesson):
    client.force_login(member)
    assert 'name="attempt"' not in client.get(quiz_lesson.url).text
    services.enrol(member=member, course=course)
    assert 'name="attempt"' in client.get(quiz_lesson.url).text


def test_my_learning_lists_the_members_courses(client, member, course, lessons):
    services.complete_lesson(member=member, lesson=lessons[0])
    client.force_login(member)
    response = client.get(reverse("learning:mine"))
    assert response.status_code == 200
    assert course.title in response.text


def _grow(courses: int, members: int):
    """More courses, lessons, enrolments and progress rows."""
    made = [CourseFactory() for _ in range(courses)]
    for made_course in made:
        lesson = LessonFactory(course=made_course)
        for _ in range(members):
            learner = CustomerFactory()
            Enrolment.objects.create(member=learner, course=made_course, lessons_completed=1)
            LessonProgress.objects.create(member=learner, lesson=lesson, course=made_course)
    return made


def _queries(client, url) -> int:
    # Once viewed, a page's route is remembered until the tree changes (as growing it does).
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_catalogue_queries_do_not_grow_with_courses_or_progress(
    client, member, course, lessons, signed_in
):
    if signed_in:
        client.force_login(member)
        services.complete_lesson(member=member, lesson=lessons[0])
    _queries(client, learning_index().url)  # sessions and caches warm up
    few = _queries(client, learning_index().url)
    _grow(courses=6, members=3)
    many = _queries(client, learning_index().url)
    assert few == many <= CATALOGUE_BUDGET


def test_course_and_lesson_pages_keep_their_budget(client, member, course, lessons, quiz_lesson):
    services.enrol(member=member, course=course)
    client.force_login(member)
    _queries(client, course.url)
    counts = []
    for round_ in range(2):
        counts.append((_queries(client, course.url), _queries(client, quiz_lesson.url)))
        for extra in range(5):
            lesson = LessonFactory(
                course=course, title=f"More {round_}.{extra}", slug=f"more-{round_}-{extra}"
            )
            services.complete_lesson(member=member, lesson=lesson)
    assert counts[0] == counts[1]
    assert counts[0][0] <= COURSE_BUDGET and counts[0][1] <= LESSON_BUDGET


def test_for_you_follows_the_members_segment_and_hides_nothing(client, member, course):
    retail = Industry.objects.create(name="Retail test", slug="retail-test")
    member.profile.industry = retail
    member.profile.save(update_fields=["industry"])
    suited = CourseFactory(title="Loyalty for retailers")
    suited.industries.set([retail])
    suited.save_revision().publish()
    client.force_login(member)

    response = client.get(learning_index().url)

    for_you = response.context["for_you"]
    assert [item.pk for item in for_you] == [suited.pk]
    assert course.title in response.text


def test_a_lesson_under_an_unpublished_course_is_not_found(client, course, lessons):
    url = lessons[0].url
    assert client.get(url).status_code == 200
    course.unpublish()
    assert client.get(url).status_code == 404


def test_signed_out_visitors_read_lessons_and_are_asked_to_sign_in(client, quiz_lesson):
    response = client.get(quiz_lesson.url)
    assert response.status_code == 200
    assert "Sign in</a> to take the quiz" in response.text
    assert 'name="attempt"' not in response.text


MY_LEARNING_BUDGET = 16
ATTEMPT_BUDGET = 18


def _quiz_texts(quiz) -> list[str]:
    """What only a submitted attempt may show: explanations and per-answer feedback."""
    texts = [question.explanation for question in quiz.questions.all()]
    return texts + [o.feedback for q in quiz.questions.all() for o in q.options.all()]


def test_no_page_shows_the_right_answers_before_submitting(client, member, course, quiz_lesson):
    from tests.factories.learning import learning_path

    path = learning_path([course], title="Journeys path", slug="journeys-path")
    services.enrol(member=member, course=course)
    pages = [
        learning_index().url,
        course.url,
        quiz_lesson.url,
        path.get_absolute_url(),
        reverse("learning:mine"),
    ]
    for signed_in in (False, True):
        if signed_in:
            client.force_login(member)
        for url in pages:
            text = client.get(url).text
            for secret in _quiz_texts(quiz_lesson.quiz):
                assert secret not in text, (url, secret)
            assert "data-correct" not in text and "is_correct" not in text


def test_my_learning_keeps_its_budget(client, member, course, lessons):
    from tests.factories.learning import learning_path

    services.complete_lesson(member=member, lesson=lessons[0])
    learning_path([course], title="Journeys path", slug="journeys-path")
    client.force_login(member)
    url = reverse("learning:mine")
    _queries(client, url)
    few = _queries(client, url)
    for made in _grow(courses=4, members=2):
        extra = LessonFactory(course=made)
        services.complete_lesson(member=member, lesson=extra)
        learning_path([made], title=f"Path {made.pk}", slug=f"path-{made.pk}")
    many = _queries(client, url)
    assert few == many <= MY_LEARNING_BUDGET


def test_the_catalogue_keeps_its_budget_with_many_paths(client, member, course, lessons):
    from tests.factories.learning import learning_path

    client.force_login(member)
    learning_path([course], title="Journeys path", slug="journeys-path")
    _queries(client, learning_index().url)
    few = _queries(client, learning_index().url)
    for made in _grow(courses=4, members=2):
        learning_path([made, course], title=f"Path {made.pk}", slug=f"path-{made.pk}")
    many = _queries(client, learning_index().url)
    assert few == many <= CATALOGUE_BUDGET


def test_an_attempts_result_keeps_its_budget(client, member, course, quiz_lesson):
    from tests.factories.learning import wrong_answers

    services.enrol(member=member, course=course)
    client.force_login(member)
    quiz = quiz_lesson.quiz
    token = services.attempt_token(member=member, quiz=quiz, number=1)
    attempt = services.submit_attempt(
        member=member, lesson=quiz_lesson, token=token, answers=wrong_answers(quiz)
    )
    url = reverse("learning:attempt", args=[attempt.pk])
    _queries(client, url)
    few = _queries(client, url)
    _grow(courses=3, members=3)
    many = _queries(client, url)
    assert few == many <= ATTEMPT_BUDGET


def _publish(course, **relations):
    for name, values in relations.items():
        getattr(course, name).set(values) if name != "tags" else course.tags.add(*values)
    course.save_revision().publish()
    return course


def test_every_filter_narrows_the_catalogue_and_keeps_the_others_in_its_links(client, course):
    from community.members.models import Region
    from community.stories.models import Product

    product = Product.objects.create(name="Journeys", slug="journeys-product")
    industry = Industry.objects.create(name="Retail test", slug="retail-test")
    region = Region.objects.create(code="NORD", name="Nordics test")
    suited = _publish(
        CourseFactory(title="Loyalty for Nordic retailers", audience="b2c"),
        products=[product],
        industries=[industry],
        regions=[region],
        tags=["ジャーニー"],
    )
    tag = suited.tags.get()
    for query in (
        {"product": product.slug},
        {"tag": tag.slug},
        {"industry": industry.slug},
        {"region": region.code.lower()},
        {"audience": "b2c"},
    ):
        response = client.get(learning_index().url, query)
        assert suited.title in response.text, query
        assert course.title not in response.text, query
    # A course for both audiences is for each of them.
    both = CourseFactory(title="Segments for everyone", audience="both")
    response = client.get(learning_index().url, {"audience": "b2b"})
    assert both.title in response.text and suited.title not in response.text
    # The filters hold across pages: their links keep every filter in use.
    response = client.get(learning_index().url, {"product": product.slug, "audience": "b2c"})
    filters = response.context["filters"]
    assert filters.query(page="2") == f"?product={product.slug}&audience=b2c&page=2"


def test_cards_say_where_the_member_left_off_and_continue_there(client, member, course, lessons):
    third = LessonFactory(course=course, title="Step 3", slug="step-3")
    services.complete_lesson(member=member, lesson=lessons[0])
    services.complete_lesson(member=member, lesson=third)
    client.force_login(member)
    for url in (learning_index().url, reverse("learning:mine")):
        text = client.get(url).text
        assert "1 of 3" not in text and "2 of 3 lessons" in text, url
        # "Continue" goes to the first lesson not done, as on the course page.
        assert f'href="{lessons[1].url}">Continue: Step 2<' in text, url
    client.logout()
    assert ">Continue" not in client.get(learning_index().url).text


def test_a_lesson_shows_every_kind_of_block(client, course, monkeypatch):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.embeds.blocks import EmbedValue
    from wagtail.images import get_image_model

    from tests.factories.images import photo

    # As if YouTube and Vimeo answered, without reaching the network.
    monkeypatch.setattr(
        EmbedValue, "html", property(lambda value: f'<iframe src="{value.url}"></iframe>')
    )
    document = Document.objects.create(
        title="Journey checklist", file=ContentFile(b"%PDF-1.4 checklist", name="checklist.pdf")
    )
    image = get_image_model().objects.create(
        title="Builder", file=ContentFile(photo(), name="builder.jpg")
    )
    lesson = LessonFactory(
        course=course,
        body=[
            ("text", "<p>Open the journey builder.</p>"),
            ("image", {"image": image, "caption": "The builder", "alt_text": "Journey canvas"}),
            ("video", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            ("video", "https://vimeo.com/76979871"),
            ("callout", {"tone": "warning", "text": "<p>Test on a copy first.</p>"}),
            ("code", {"language": "python", "code": "journey.start(trigger='sign-up')"}),
            ("document", {"document": document, "label": "Download the checklist"}),
        ],
    )
    text = client.get(lesson.url).text
    assert "Open the journey builder." in text
    assert 'alt="Journey canvas"' in text and "The builder" in text
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in text
    assert "https://vimeo.com/76979871" in text
    assert "Test on a copy first." in text
    assert "journey.start(trigger=&#x27;sign-up&#x27;)" in text
    assert document.url in text and "Download the checklist" in text


def test_a_course_scheduled_for_later_appears_only_when_its_time_comes(client, course):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import Revision

    scheduled = CourseFactory(title="Journeys at scale", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    revision = scheduled.save_revision()
    revision.publish()
    scheduled.refresh_from_db()
    assert not scheduled.live
    assert scheduled.title not in _catalogue(client).text
    assert client.get(f"/learning/{scheduled.slug}/").status_code == 404

    # The day comes: Wagtail's scheduled publishing makes it live.
    past = timezone.now() - timedelta(minutes=1)
    revision = Revision.objects.get(pk=revision.pk)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", verbosity=0)
    assert scheduled.title in _catalogue(client).text
    assert client.get(f"/learning/{scheduled.slug}/").status_code == 200
