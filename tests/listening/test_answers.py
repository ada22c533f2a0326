"""A member answers once, with a score from 0 to 10 typed as ASCII digits, while it is open."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from community.listening import services
from community.listening.models import Invitation, Response, Survey
from tests.concurrency import on_postgresql_with_threads, run_together
from tests.factories import CustomerFactory
from tests.factories.listening import launched_survey


@pytest.mark.django_db
def test_an_answer_is_kept_with_the_members_segment_and_counted(retail_emea_member):
    survey = launched_survey()

    answer = services.answer_survey(
        survey=survey, member=retail_emea_member, score="3", reason="  Reports time out.  "
    )

    assert (answer.score, answer.reason) == (3, "Reports time out.")
    assert answer.industry == retail_emea_member.profile.industry
    assert answer.region == retail_emea_member.profile.region
    assert Invitation.objects.get(survey=survey, member=retail_emea_member).answered_at
    survey.refresh_from_db()
    assert survey.answer_count == 1


@pytest.mark.django_db
def test_answering_twice_is_refused_and_counted_once(customer):
    survey = launched_survey()
    services.answer_survey(survey=survey, member=customer, score="9")

    with pytest.raises(services.AlreadyAnswered) as refused:
        services.answer_survey(survey=survey, member=customer, score="2")

    assert refused.value.status == 409
    assert list(Response.objects.values_list("score", flat=True)) == [9]
    survey.refresh_from_db()
    assert survey.answer_count == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["11", "-1", "", "7.5", " 7", "seven", "٣", "１０", "²", "10000000000000000000000"]
)
def test_scores_other_than_ascii_digits_from_0_to_10_are_refused(customer, typed):
    survey = launched_survey()

    with pytest.raises(services.AnswerRefused, match="from 0 to 10"):
        services.answer_survey(survey=survey, member=customer, score=typed)
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_member_outside_the_segment_cannot_answer(retail, retail_emea_member):
    survey = launched_survey(industries=[retail])
    outsider = CustomerFactory(profile__industry=None)

    with pytest.raises(PermissionDenied, match="another group"):
        services.answer_survey(survey=survey, member=outsider, score="10")


@pytest.mark.django_db
def test_a_closed_survey_takes_no_answer(customer):
    survey = launched_survey()
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=20), closes_at=timezone.now() - timedelta(days=1)
    )
    survey.refresh_from_db()

    with pytest.raises(PermissionDenied, match="closed"):
        services.answer_survey(survey=survey, member=customer, score="10")


@pytest.mark.django_db
def test_the_reason_is_dropped_when_the_survey_does_not_ask_for_one(customer):
    survey = launched_survey(ask_reason=False)

    answer = services.answer_survey(survey=survey, member=customer, score="10", reason="Great")

    assert answer.reason == ""


@pytest.mark.django_db
def test_dismissing_keeps_the_survey_answerable_from_its_page(customer):
    survey = launched_survey()

    assert services.dismiss_survey(survey=survey, member=customer)
    assert not services.dismiss_survey(survey=survey, member=customer)

    services.answer_survey(survey=survey, member=customer, score="6")
    assert Response.objects.filter(member=customer).exists()


@on_postgresql_with_threads
def test_one_answer_per_member_whatever_the_concurrency():
    member = CustomerFactory()
    survey = launched_survey()

    outcomes = run_together(
        lambda score: services.answer_survey(survey=survey, member=member, score=str(score)),
        range(8),
        keep_errors=True,
    )

    answers = [outcome for outcome in outcomes if isinstance(outcome, Response)]
    refusals = [outcome for outcome in outcomes if isinstance(outcome, services.AlreadyAnswered)]
    assert len(answers) == 1
    assert len(refusals) == 7
    assert Response.objects.filter(survey=survey, member=member).count() == 1
    survey.refresh_from_db()
    assert survey.answer_count == 1
