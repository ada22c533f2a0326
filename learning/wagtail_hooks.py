"""Learning in the Wagtail admin: quizzes and their questions, and learning paths, as snippets.

A quiz is edited with its questions inline; each question's options are edited on the
question's own screen (Wagtail does not nest inline panels). Lessons choose their quiz.
"""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import LearningPath, Question, Quiz


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
