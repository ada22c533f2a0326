"""The learning pages at scale on PostgreSQL: 500 courses, 20,000 members and 1,000,000 lessons
completed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/community_lr_bench \\
        .venv/bin/python bench/learning_at_scale.py
    .venv/bin/python bench/learning_at_scale.py --skip-seed --runs 25

Unless `--skip-seed`, the demo's members (`--members`, 20,000) and its academy are seeded, then
the catalogue grown to `--courses` (500) courses of two lessons each (the second ending in a
quiz), a learning path through ten of them, and `--progress` (1,000,000) lessons completed,
spread over every member (about fifty lessons each), with their enrolments (counters and
completion dates as the services keep them) and a quiz attempt for every quiz lesson completed.
Rows are written in SQL, in bulk; the pages read them as the services write them.

Then each learning page is timed, anonymous and signed in as member@example.com (who has
progress like everyone else): the catalogue (first page, a deep page, filters, the progress
filter), the most-enrolled course and its quiz lesson, the path, My learning, and the managers'
course insight (overall and by region): queries per request and the median, p95 and max of
`--runs` (15) warm requests.

Not a test: the figures depend on the machine (and on who else uses it).
"""

import argparse
import os
import time

# The bench folder is on sys.path when a script in it runs.
from bench_database import scale_parser, seed_demo, start_django, use_project
from bench_pages import signed_in_and_out, time_page

use_project("postgres://postgres@127.0.0.1:5432/community_lr_bench")

LEVELS = ("beginner", "intermediate", "advanced")
TOPICS = (
    "Journeys", "Segments", "Lead scoring", "Connectors", "Dashboards", "Consent",
    "Deliverability", "Attribution", "Preference centres", "Webhooks",
)  # fmt: skip
PATH_SLUG = "bench-path"


def parse_args() -> argparse.Namespace:
    parser = scale_parser(__doc__, members=20_000, runs=15)
    parser.add_argument("--courses", type=int, default=500)
    parser.add_argument("--progress", type=int, default=1_000_000)
    return parser.parse_args()


def grow_courses(target: int) -> None:
    """Courses of two lessons each, the second ending in a three-question quiz, until there
    are `target` courses; made as editors make them (Wagtail pages, published)."""
    from django.db import transaction

    from community.stories.models import Product
    from learning.models import Option, Question, Quiz
    from learning.pages import CoursePage, LearningIndexPage, LessonPage

    missing = target - CoursePage.objects.count()
    if missing <= 0:
        return
    started = time.perf_counter()
    index = LearningIndexPage.objects.get()
    products = list(Product.objects.all())
    first = CoursePage.objects.count()
    for number in range(first, first + missing):
        topic = TOPICS[number % len(TOPICS)]
        with transaction.atomic():
            course = index.add_child(
                instance=CoursePage(
                    title=f"{topic} in practice, part {number + 1}",
                    slug=f"bench-course-{number + 1}",
                    summary=f"Hands-on {topic.lower()}: build it, measure it, fix what breaks.",
                    level=LEVELS[number % len(LEVELS)],
                    duration_minutes=20 + (number * 37) % 200,
                    live=True,
                )
            )
            if products:
                course.products.set([products[number % len(products)]])
            course.tags.add(topic.lower())
            course.save()
            course.add_child(
                instance=LessonPage(title="Why it matters", slug="why", live=True, body=[])
            )
            quiz = Quiz.objects.create(title=f"{topic} check {number + 1}", attempt_limit=3)
            for position, kind in enumerate(("single", "multiple", "true_false")):
                question = Question.objects.create(
                    quiz=quiz, text=f"Question {position + 1}", kind=kind, sort_order=position
                )
                Option.objects.bulk_create(
                    Option(question=question, text=text, is_correct=right, sort_order=order)
                    for order, (text, right) in enumerate(
                        (("Right", True), ("Also right", kind == "multiple"), ("Wrong", False))
                    )
                )
            course.add_child(
                instance=LessonPage(title="Try it", slug="try", live=True, body=[], quiz=quiz)
            )
    print(f"{missing} courses added in {time.perf_counter() - started:.0f} s")


def grow_path() -> None:
    from learning.models import LearningPath, PathStep
    from learning.pages import CoursePage

    path, created = LearningPath.objects.get_or_create(
        slug=PATH_SLUG,
        defaults={"title": "Bench path of ten", "certification": "Certified at scale"},
    )
    if created:
        courses = CoursePage.objects.filter(slug__startswith="bench-course-").order_by("pk")[:10]
        PathStep.objects.bulk_create(
            PathStep(path=path, course=course, sort_order=n) for n, course in enumerate(courses)
        )


GROW_PROGRESS = """
WITH lessons AS (
    SELECT lesson.page_ptr_id AS lesson_id, course.page_ptr_id AS course_id,
           row_number() OVER (ORDER BY lesson.page_ptr_id) - 1 AS n,
           count(*) OVER () AS total
    FROM learning_lessonpage lesson
    JOIN wagtailcore_page lesson_page ON lesson_page.id = lesson.page_ptr_id
    JOIN wagtailcore_page course_page
      ON course_page.path = substr(lesson_page.path, 1, length(lesson_page.path) - 4)
    JOIN learning_coursepage course ON course.page_ptr_id = course_page.id
    WHERE lesson_page.live
),
members AS (
    SELECT id AS member_id, row_number() OVER (ORDER BY id) - 1 AS m FROM members_user
)
INSERT INTO learning_lessonprogress (member_id, lesson_id, course_id, completed_at)
SELECT members.member_id, lessons.lesson_id, lessons.course_id,
       now() - (((members.m * 31 + k * 7) %% 360) || ' days')::interval
FROM members
CROSS JOIN generate_series(0, %(per_member)s - 1) AS k
JOIN lessons ON lessons.n = (members.m * 7 + k * 13) %% lessons.total
ON CONFLICT DO NOTHING
"""

GROW_ENROLMENTS = """
INSERT INTO learning_enrolment
    (member_id, course_id, started_at, last_activity_at, lessons_completed, completed_at,
     last_lesson_id)
SELECT progress.member_id, progress.course_id, min(progress.completed_at),
       max(progress.completed_at), count(*),
       CASE WHEN count(*) = 2 THEN max(progress.completed_at) END, max(progress.lesson_id)
FROM learning_lessonprogress progress
GROUP BY progress.member_id, progress.course_id
ON CONFLICT (member_id, course_id) DO NOTHING
"""

GROW_ATTEMPTS = """
INSERT INTO learning_quizattempt
    (member_id, quiz_id, lesson_id, number, score, passed, answers, submitted_at)
SELECT progress.member_id, lesson.quiz_id, progress.lesson_id, 1,
       60 + (progress.member_id %% 5) * 10, true, '{}'::jsonb, progress.completed_at
FROM learning_lessonprogress progress
JOIN learning_lessonpage lesson ON lesson.page_ptr_id = progress.lesson_id
WHERE lesson.quiz_id IS NOT NULL
ON CONFLICT DO NOTHING
"""


def grow_progress(target: int) -> None:
    """About `target` lessons completed, the same number per member, each member on a
    different spread of lessons; then the enrolments and attempts that go with them."""
    from django.db import connection, transaction

    from community.members.models import User
    from learning.models import LessonProgress

    if LessonProgress.objects.count() >= target * 0.95:
        return
    started = time.perf_counter()
    per_member = max(1, round(target / User.objects.count()))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(GROW_PROGRESS, {"per_member": per_member})
        cursor.execute(GROW_ENROLMENTS)
        cursor.execute(GROW_ATTEMPTS, {})
        cursor.execute("ANALYZE")
    print(
        f"{LessonProgress.objects.count():,} lessons completed ({per_member} per member) "
        f"in {time.perf_counter() - started:.0f} s"
    )


def pages(args) -> None:
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from community.members.models import User
    from learning.models import Enrolment, LearningPath, LessonProgress, QuizAttempt
    from learning.pages import CoursePage, LessonPage

    busiest = CoursePage.objects.live().annotate(n=Count("enrolments")).order_by("-n", "pk").first()
    quiz_lesson = LessonPage.objects.child_of(busiest).filter(quiz__isnull=False).first()
    quiz_lesson = quiz_lesson or LessonPage.objects.child_of(busiest).first()
    path = LearningPath.objects.get(slug=PATH_SLUG)
    member = User.objects.get(email="member@example.com")
    manager = User.objects.get(email="manager@example.com")
    print(
        f"--- {CoursePage.objects.live().count():,} courses, {User.objects.count():,} members, "
        f"{LessonProgress.objects.count():,} lessons completed, "
        f"{Enrolment.objects.count():,} enrolments, {QuizAttempt.objects.count():,} attempts; "
        f"busiest course {busiest.n:,} enrolments; member@example.com has "
        f"{Enrolment.objects.filter(member=member).count()} enrolments"
    )
    for who, client in signed_in_and_out(member):
        time_page(client, "/learning/", "/learning/", args.runs)
        time_page(client, "/learning/ page 40", "/learning/?page=40", args.runs)
        time_page(client, "/learning/ advanced, long", "/learning/?level=advanced&duration=long", 5)
        if who:
            time_page(client, "/learning/ in progress", "/learning/?progress=in_progress", 5)
        time_page(client, f"course ({busiest.n:,} enrolled)", busiest.url, args.runs)
        time_page(client, "its quiz lesson", quiz_lesson.url, args.runs)
        time_page(client, "learning path of ten", path.get_absolute_url(), args.runs)
        if who:
            time_page(client, "My learning", reverse("learning:mine"), args.runs)
    client = Client()
    client.force_login(manager)
    print("  community manager")
    url = reverse("learning_course_insight")
    time_page(client, "course insight, everyone", url, 5)
    time_page(client, "course insight by region", f"{url}?segment=region", 5)


def main() -> None:
    args = parse_args()
    created = start_django(os.environ["DATABASE_URL"])
    if created or not args.skip_seed:
        seed_demo(members=args.members, only=["members", "forums", "stories", "learning"])
        grow_courses(args.courses)
        grow_path()
        grow_progress(args.progress)
    pages(args)


if __name__ == "__main__":
    main()
