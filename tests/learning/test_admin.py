"""Editors write quizzes, questions and paths in the Wagtail admin."""

import pytest
from django.urls import reverse

from learning.models import LearningPath, Question, Quiz
from tests.factories.learning import quiz_with_questions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Quiz, Question, LearningPath])
def test_the_admin_offers_a_form_for_each_learning_snippet(admin_client, model):
    name = f"wagtailsnippets_learning_{model._meta.model_name}:add"
    assert admin_client.get(reverse(name)).status_code == 200


def test_a_question_is_edited_with_its_options(admin_client):
    question = quiz_with_questions().questions.first()
    url = reverse("wagtailsnippets_learning_question:edit", args=[question.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Sign-up" in response.text
