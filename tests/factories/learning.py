"""Courses, lessons and quizzes, made as editors make them.

`CourseFactory()` is a published course under /learning/; `LessonFactory(course=c)` a published
lesson at the end of it; `quiz_with_questions()` a quiz with one question of each type, whose
right answers `right_answers(quiz)` gives in the shape the quiz form posts.
"""

import factory
from django.utils.text import slugify

from learning.models import Option, Question, QuestionKind, Quiz
from learning.pages import CoursePage, LearningIndexPage, LessonPage
from tests.factories.pages import PageFactory, section_index


def learning_index() -> LearningIndexPage:
    """The /learning/ page, creating the site tree when the test has none yet."""
    return section_index(LearningIndexPage)


class CourseFactory(PageFactory):
    class Meta:
        model = CoursePage

    _section = LearningIndexPage

    title = factory.Sequence(lambda n: f"Journeys that customers finish, part {n}")
    summary = "Build a lifecycle journey, measure it and fix where customers drop out."
    level = "beginner"
    duration_minutes = 45


class LessonFactory(PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lesson {n}")
    module = "Getting started"
    body = factory.LazyFunction(
        lambda: [("text", "<p>Open the journey builder and pick a trigger.</p>")]
    )

    @classmethod
    def _create(cls, model_class, *args, course, **kwargs):
        return super()._create(model_class, *args, parent=course, **kwargs)


def question(quiz: Quiz, text: str, kind: str, options: list[tuple[str, bool]]) -> Question:
    item = Question.objects.create(quiz=quiz, text=text, kind=kind, explanation="Because.")
    for position, (label, right) in enumerate(options):
        Option.objects.create(
            question=item,
            text=label,
            is_correct=right,
            feedback=f"{label} is {'right' if right else 'wrong'}.",
            sort_order=position,
        )
    return item


def quiz_with_questions(**fields) -> Quiz:
    """One question of each type: single choice, multiple choice, true/false."""
    quiz = Quiz.objects.create(title=fields.pop("title", "Check your journey"), **fields)
    question(
        quiz,
        "Which trigger starts a welcome journey?",
        QuestionKind.SINGLE,
        [("Sign-up", True), ("Churn", False), ("Invoice paid", False)],
    )
    question(
        quiz,
        "Which are journey exit criteria?",
        QuestionKind.MULTIPLE,
        [("Goal reached", True), ("Unsubscribed", True), ("Opened one e-mail", False)],
    )
    question(
        quiz,
        "A journey can branch on a segment.",
        QuestionKind.TRUE_FALSE,
        [("True", True), ("False", False)],
    )
    return quiz


def right_answers(quiz: Quiz) -> dict[str, list[str]]:
    return {
        f"q{item.pk}": [str(option.pk) for option in item.options.all() if option.is_correct]
        for item in quiz.questions.all()
    }


def wrong_answers(quiz: Quiz) -> dict[str, list[str]]:
    return {
        f"q{item.pk}": [str(option.pk) for option in item.options.all() if not option.is_correct][
            :1
        ]
        for item in quiz.questions.all()
    }


def learning_path(courses, **fields):
    """A learning path through `courses`, in that order."""
    from learning.models import LearningPath, PathStep

    fields.setdefault("title", "Certified Journey Builder")
    fields.setdefault("slug", slugify(fields["title"]))
    fields.setdefault("certification", "Certified Journey Builder")
    path = LearningPath.objects.create(**fields)
    for position, course in enumerate(courses):
        PathStep.objects.create(path=path, course=course, sort_order=position)
    return path
