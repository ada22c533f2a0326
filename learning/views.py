"""Learning views for what is not a page: enrolling, completing a lesson, submitting a quiz,
an attempt's result, learning paths and "My learning". Courses and lessons themselves are Wagtail pages.

Each reads like a sentence: find the page, call one service, answer. Refusals are raised by the
services and answered by the core's error middleware. A quiz submission names no page to go
back to, so a forged or replayed one gets its 4xx status and the reason, not a redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from community.core.errors import return_to

from . import permissions, selectors, services
from .models import LearningPath, QuizAttempt
from .pages import CoursePage, LessonPage

# Form fields of a quiz answer are "q<question id>"; anything else in the POST is not one.
ANSWER_PREFIX = "q"


def visible_course(course_id: int) -> CoursePage:
    course = permissions.visible_courses().filter(pk=course_id).first()
    if course is None:
        raise Http404("No such course.")
    return course


def visible_lesson(lesson_id: int) -> LessonPage:
    lesson = permissions.visible_lessons().select_related("quiz").filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404("No such lesson.")
    return lesson


@require_POST
@login_required
def enrol(request: HttpRequest, course_id: int) -> HttpResponse:
    course = visible_course(course_id)
    return_to(request, course.url)
    services.enrol(member=request.user, course=course)
    messages.success(request, f"You are enrolled in “{course.title}”.")
    return redirect(course.url)


@require_POST
@login_required
def complete(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = visible_lesson(lesson_id)
    return_to(request, lesson.url)
    services.complete_lesson(member=request.user, lesson=lesson)
    following = (
        permissions.visible_lessons()
        .child_of(lesson.get_parent())
        .filter(path__gt=lesson.path)
        .order_by("path")
        .first()
    )
    messages.success(request, "Lesson completed.")
    return redirect(following.url if following else lesson.url)


def _answers(post) -> dict[str, list[str]]:
    return {
        key: post.getlist(key)
        for key in post
        if key.startswith(ANSWER_PREFIX) and key[len(ANSWER_PREFIX) :].isdigit()
    }


@require_POST
@login_required
def submit_quiz(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = visible_lesson(lesson_id)
    attempt = services.submit_attempt(
        member=request.user,
        lesson=lesson,
        token=request.POST.get("attempt", ""),
        answers=_answers(request.POST),
    )
    return redirect("learning:attempt", attempt_id=attempt.pk)


@require_GET
@login_required
def attempt_result(request: HttpRequest, attempt_id: int) -> HttpResponse:
    # Only the member who submitted it: another member's attempt is as good as absent.
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("quiz", "lesson"), pk=attempt_id, member=request.user
    )
    lesson = attempt.lesson
    context = {
        "attempt": attempt,
        "lesson": lesson,
        "feedback": selectors.attempt_feedback(attempt),
    }
    if lesson is not None:
        context.update(selectors.quiz_context(lesson, request.user, enrolled=True))
    return render(request, "learning/attempt_result.html", context)


@require_GET
def path_detail(request: HttpRequest, slug: str) -> HttpResponse:
    path = get_object_or_404(LearningPath, slug=slug)
    context = selectors.path_page_context(path, viewer=request.user)
    return render(request, "learning/path_detail.html", context)


@require_POST
@login_required
def enrol_in_path(request: HttpRequest, slug: str) -> HttpResponse:
    path = get_object_or_404(LearningPath, slug=slug)
    url = reverse("learning:path", args=[path.slug])
    return_to(request, url)
    services.enrol_in_path(member=request.user, path=path)
    messages.success(request, f"You are enrolled in every course of “{path.title}”.")
    return redirect(url)


@require_GET
@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/my_learning.html", selectors.my_learning(request.user))
