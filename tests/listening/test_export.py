"""A member's answers are personal data: in their own export, and named only to managers."""

import pytest

from community.listening import services
from community.members.data_export import export_member
from tests.factories import CustomerFactory
from tests.factories.listening import launched_survey

pytestmark = pytest.mark.django_db


def test_a_members_export_holds_their_own_answers_and_dismissals(customer):
    other = launched_survey(product_name="Northwind Mobile")
    answered = launched_survey(product_name="Northwind CRM")
    services.answer_survey(survey=answered, member=customer, score="7", reason="Solid, a bit slow.")
    services.dismiss_survey(survey=other, member=customer)

    data = export_member(customer)["listening"]

    assert [(a["score"], a["reason"]) for a in data["survey_answers"]] == [
        (7, "Solid, a bit slow.")
    ]
    assert "Northwind CRM" in data["survey_answers"][0]["survey"]
    assert "Northwind Mobile" in data["surveys_dismissed"][0]["survey"]


def test_a_members_export_holds_nobody_elses_answers(customer):
    someone = CustomerFactory()
    survey = launched_survey()
    services.answer_survey(survey=survey, member=someone, score="0", reason="Private complaint")

    assert export_member(customer)["listening"]["survey_answers"] == []
