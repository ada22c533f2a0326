"""Learning in the Wagtail admin: quizzes and their questions, and learning paths, as snippets;
course insight under Reports; partners' lessons kept to their own courses.

A quiz is edited with its questions inline; each question's options are edited on the
question's own screen (Wagtail does not nest inline panels). Lessons choose their quiz.
"""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from community.core.admin_views import register_permitted_screen

from . import admin_views, permissions, review
from .models import LearningPath, Question, Quiz
from .pages import LessonPage


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "help"
    menu_label = "Quizzes"
    list_display = ["title", "passing_score", "attempt_limit"]
    search_fields = ["title"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "list-ul"
    menu_label = "Questions"
    list_display = ["text", "quiz", "kind"]
    list_filter = ["kind"]
    search_fields = ["text"]


class LearningPathViewSet(SnippetViewSet):
    model = LearningPath
    icon = "list-ol"
    menu_label = "Learning paths"
    list_display = ["title", "certification"]


class LearningViewSetGroup(SnippetViewSetGroup):
    items = (QuizViewSet, QuestionViewSet, LearningPathViewSet)
    menu_icon = "doc-full"
    menu_label = "Learning"
    menu_name = "learning"


register_snippet(LearningViewSetGroup)


@hooks.register("before_create_page")
def refuse_lessons_in_others_courses(request, parent_page, page_class):
    if issubclass(page_class, LessonPage):
        review.ensure_can_add_lesson(request.user, parent_page)


register_permitted_screen(
    "register_reports_menu_item",
    path(
        "learning/insight/", admin_views.CourseInsightView.as_view(), name="learning_course_insight"
    ),
    "Course insight",
    allowed=permissions.can_see_insight,
    icon_name="table",
    order=900,
)


@hooks.register("register_admin_viewset")
def register_certificates():
    # Certificates: a listing with a "Revoke" action, see learning/certificates/admin.py.
    from .certificates.admin import certificate_viewset

    return certificate_viewset
