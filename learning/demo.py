"""The demo's academy: Northwind's courses on its products, one learning path ending in a
certification, Fjord Consulting's two courses (one approved through the review workflow, one
still waiting), and members at every stage: enrolled, half-way, failed a quiz, completed.

The prose is in `demo_data/*.toml`. Learning goes through the real services (enrolling,
completing lessons, submitting graded attempts), then its dates are moved back to when the plan
says it happened, relative to today. Idempotent: a course that exists is left alone, and a member
already enrolled in a course keeps their history.
"""

import random
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, PageLogEntry

from community.core.demo import Output, silent_mail
from community.members.models import Industry, Region, User
from community.stories.models import Product
from forums.pages import ForumCategoryPage

from . import services
from .models import (
    Enrolment,
    LearningPath,
    LessonProgress,
    Option,
    PathStep,
    Question,
    Quiz,
    QuizAttempt,
)
from .pages import CoursePage, LearningIndexPage, LessonPage

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
STAGES = ("enrolled", "started", "failed", "completed")
# Crowd learners' stages, weighted like a real academy: many start, fewer finish.
CROWD_STAGES = (("enrolled", 3), ("started", 4), ("failed", 1), ("completed", 3))


class DemoDataError(ValueError):
    """The TOML names something that does not exist or is not allowed."""


@dataclass
class Context:
    now: datetime
    index: LearningIndexPage
    members: dict[str, User]
    manager: User
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


def _read(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


def seed(options: dict[str, Any], out: Output) -> None:
    index = LearningIndexPage.objects.first()
    if index is None:
        out("Learning: no /learning/ page; run setup_site first.")
        return
    courses = _read("courses.toml")["course"]
    learners = _read("learners.toml")
    handles = {h for c in courses for h in [c["author"], *c.get("instructors", [])]}
    handles |= {learner["handle"] for learner in learners["learner"]}
    members = {user.username: user for user in User.objects.filter(username__in=handles)}
    if "maya-chen" not in members:
        out("Learning: the demo members are missing; seed members first.")
        return
    context = Context(
        now=timezone.now(), index=index, members=members, manager=members["maya-chen"]
    )
    with silent_mail():
        for position, plan in enumerate(courses):
            _ensure_course(context, plan, age_days=160 - 12 * position)
        for plan in _read("paths.toml")["path"]:
            _ensure_path(context, plan)
        for plan in learners["learner"]:
            _learn(context, plan)
        _crowd(context, learners["crowd"], learners["crowd_seed"])
    made = ", ".join(f"{n} {what}" for what, n in context.created.items()) or "nothing new"
    out(f"Learning: {made}.")


# --- Courses ----------------------------------------------------------------------------------


def _member(context: Context, handle: str) -> User:
    try:
        return context.members[handle]
    except KeyError:
        raise DemoDataError(f"No demo member with the handle {handle!r}.") from None


def _ensure_course(context: Context, plan: dict[str, Any], *, age_days: int) -> None:
    if CoursePage.objects.filter(slug=plan["slug"]).exists():
        return
    author = _member(context, plan["author"])
    with transaction.atomic():
        course = context.index.add_child(
            instance=CoursePage(
                title=plan["title"],
                slug=plan["slug"],
                summary=plan["summary"],
                level=plan["level"],
                duration_minutes=plan["duration_minutes"],
                audience=plan.get("audience", ""),
                discussion_category=ForumCategoryPage.objects.filter(
                    slug=plan.get("discussion_category", "")
                ).first(),
                discussion_tag=plan.get("discussion_tag", ""),
                owner=author,
                live=False,
            )
        )
        course.tags.add(*plan.get("tags", []))
        course.products.set(Product.objects.filter(slug__in=plan.get("products", [])))
        course.industries.set(Industry.objects.filter(slug__in=plan.get("industries", [])))
        course.regions.set(Region.objects.filter(code__in=plan.get("regions", [])))
        course.instructors.set([_member(context, h) for h in plan.get("instructors", [])])
        course.prerequisites.set(CoursePage.objects.filter(slug__in=plan.get("prerequisites", [])))
        for lesson_plan in plan["lesson"]:
            _add_lesson(course, lesson_plan, author)
        course.save_revision(user=author)
        _publish(context, course, author, waiting=plan.get("review") == "waiting")
        if plan.get("review") != "waiting":
            _date_publication(course, context.now - timedelta(days=age_days))
    context.count("courses")


def _add_lesson(course: CoursePage, plan: dict[str, Any], author: User) -> LessonPage:
    quiz = _make_quiz(plan["quiz"]) if "quiz" in plan else None
    body = []
    for block in plan.get("block", []):
        if block["type"] == "text":
            body.append(("text", block["html"]))
        elif block["type"] == "callout":
            body.append(("callout", {"tone": block["tone"], "text": block["text"]}))
        elif block["type"] == "code":
            body.append(("code", {"language": block.get("language", ""), "code": block["code"]}))
        else:
            raise DemoDataError(f"Unknown block type {block['type']!r} in {plan['slug']!r}.")
    lesson = course.add_child(
        instance=LessonPage(
            title=plan["title"],
            slug=plan["slug"],
            module=plan.get("module", ""),
            duration_minutes=plan["duration_minutes"],
            body=body,
            quiz=quiz,
            owner=author,
            live=False,
        )
    )
    lesson.save_revision(user=author)
    return lesson


def _make_quiz(plan: dict[str, Any]) -> Quiz:
    quiz = Quiz.objects.create(
        title=plan["title"],
        passing_score=plan["passing_score"],
        attempt_limit=plan.get("attempt_limit"),
        shuffle=plan.get("shuffle", False),
    )
    for position, item in enumerate(plan["question"]):
        question = Question.objects.create(
            quiz=quiz,
            text=item["text"],
            kind=item["kind"],
            explanation=item.get("explanation", ""),
            sort_order=position,
        )
        Option.objects.bulk_create(
            Option(
                question=question,
                text=option["text"],
                is_correct=option["correct"],
                feedback=option.get("feedback", ""),
                sort_order=order,
            )
            for order, option in enumerate(item["options"])
        )
    return quiz


def _publish(context: Context, course: CoursePage, author: User, *, waiting: bool) -> None:
    """Northwind's courses are published by their author; a partner's go through the review
    workflow, approved by the community manager unless the plan leaves one waiting."""
    lessons = list(LessonPage.objects.child_of(course))
    if author.is_community_manager:
        for page in [course, *lessons]:
            page.get_latest_revision().publish(user=author)
        return
    workflow = course.get_workflow()
    if workflow is None:
        raise DemoDataError("The learning section has no review workflow; run setup_site.")
    state = workflow.start(course, author)
    if waiting:
        return
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, context.manager, "approve")
    for lesson in lessons:
        lesson.get_latest_revision().publish(user=context.manager)


def _date_publication(course: CoursePage, when: datetime) -> None:
    pages = Page.objects.filter(
        Q(pk=course.pk) | Q(path__startswith=course.path, depth__gt=course.depth)
    )
    pages.update(first_published_at=when, last_published_at=when, latest_revision_created_at=when)
    PageLogEntry.objects.filter(page__in=pages).update(timestamp=when)


def _ensure_path(context: Context, plan: dict[str, Any]) -> None:
    path, created = LearningPath.objects.get_or_create(
        slug=plan["slug"],
        defaults={
            "title": plan["title"],
            "summary": plan["summary"],
            "certification": plan["certification"],
        },
    )
    if not created:
        return
    courses = {c.slug: c for c in CoursePage.objects.filter(slug__in=plan["courses"])}
    PathStep.objects.bulk_create(
        PathStep(path=path, course=courses[slug], sort_order=position)
        for position, slug in enumerate(plan["courses"])
    )
    context.count("learning paths")


# --- Members' learning ------------------------------------------------------------------------


def _answers(quiz: Quiz, *, right: bool) -> dict[str, list[str]]:
    answers = {}
    for question in quiz.questions.prefetch_related("options"):
        options = [o for o in question.options.all() if o.is_correct == right]
        chosen = options if right else options[:1]
        answers[f"q{question.pk}"] = [str(option.pk) for option in chosen]
    return answers


def _attempt(member: User, lesson: LessonPage, *, right: bool) -> QuizAttempt:
    number = QuizAttempt.objects.filter(member=member, quiz=lesson.quiz).count() + 1
    return services.submit_attempt(
        member=member,
        lesson=lesson,
        token=services.attempt_token(member=member, quiz=lesson.quiz, number=number),
        answers=_answers(lesson.quiz, right=right),
    )


def _learn(context: Context, plan: dict[str, Any]) -> None:
    member = _member(context, plan["handle"])
    course = CoursePage.objects.live().filter(slug=plan["course"]).first()
    if course is None:
        raise DemoDataError(f"No published course {plan['course']!r} for {plan['handle']!r}.")
    if plan["stage"] not in STAGES:
        raise DemoDataError(f"Unknown stage {plan['stage']!r} for {plan['handle']!r}.")
    if _follow(
        context,
        member,
        course,
        stage=plan["stage"],
        lessons=plan.get("lessons", 0),
        fails=plan.get("fails", 1 if plan["stage"] == "failed" else 0),
        days_ago=plan["days_ago"],
    ):
        context.count("learners' courses")


def _follow(
    context: Context,
    member: User,
    course: CoursePage,
    *,
    stage: str,
    lessons: int,
    fails: int,
    days_ago: int,
) -> bool:
    """Take the member through the course up to `stage`, then date it from `days_ago`."""
    if Enrolment.objects.filter(member=member, course=course).exists():
        return False
    outline = list(LessonPage.objects.live().child_of(course).select_related("quiz"))
    with transaction.atomic():
        services.enrol(member=member, course=course)
        if stage == "started":
            outline_done = outline[:lessons]
        elif stage in ("failed", "completed"):
            outline_done = outline
        else:
            outline_done = []
        for lesson in outline_done:
            if lesson.quiz is None:
                services.complete_lesson(member=member, lesson=lesson)
                continue
            attempts_left = lesson.quiz.attempt_limit or fails + 1
            for _ in range(min(fails, attempts_left)):
                _attempt(member, lesson, right=False)
            if stage == "completed":
                _attempt(member, lesson, right=True)
        _backdate(context, member, course, days_ago)
    return True


def _backdate(context: Context, member: User, course: CoursePage, days_ago: int) -> None:
    """Move the member's history on the course to the plan's dates: enrolled `days_ago` days
    ago, one step every day or two after, never in the future."""
    started = context.now - timedelta(days=days_ago, hours=(member.pk * 7) % 11)
    step = timedelta(days=max(1, days_ago // 8), hours=5)
    moment = started
    last = started
    for progress in LessonProgress.objects.filter(member=member, course=course).order_by("pk"):
        moment = min(moment + step, context.now - timedelta(hours=1))
        LessonProgress.objects.filter(pk=progress.pk).update(completed_at=moment)
        last = moment
    attempts = QuizAttempt.objects.filter(
        member=member, lesson__in=LessonPage.objects.child_of(course)
    )
    for attempt in attempts.order_by("number"):
        moment = min(moment + timedelta(hours=3), context.now - timedelta(minutes=30))
        QuizAttempt.objects.filter(pk=attempt.pk).update(submitted_at=moment)
        last = max(last, moment)
    enrolment = Enrolment.objects.get(member=member, course=course)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        started_at=started,
        last_activity_at=last,
        completed_at=last if enrolment.completed_at else None,
    )


def _crowd(context: Context, size: int, seed_value: int) -> None:
    """Members of the demo crowd at random stages of random courses, for the insight's
    numbers by segment. The same members and stages on every run."""
    rng = random.Random(seed_value)
    courses = list(CoursePage.objects.live().order_by("path"))
    crowd = list(
        User.objects.filter(email__startswith="member", email__endswith="@demo.example.com")
        .filter(is_active=True)
        .order_by("pk")[:size]
    )
    stages = [stage for stage, weight in CROWD_STAGES for _ in range(weight)]
    for member in crowd:
        for course in rng.sample(courses, k=rng.randint(1, 2)):
            stage = rng.choice(stages)
            lessons = LessonPage.objects.live().child_of(course).count()
            try:
                followed = _follow(
                    context,
                    member,
                    course,
                    stage=stage,
                    lessons=rng.randint(1, max(1, lessons - 1)),
                    fails=rng.choice((0, 0, 1)) if stage == "completed" else 1,
                    days_ago=rng.randint(2, 120),
                )
            except PermissionDenied:
                # A crowd member the moderation demo suspended or banned takes no quiz.
                continue
            if followed:
                context.count("crowd learners' courses")
