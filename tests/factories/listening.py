"""Pulse surveys, launched to a segment through the services, and answers."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from community.listening import services
from community.listening.models import Response, Survey
from tests.factories.members import CommunityManagerFactory, CustomerFactory


class SurveyFactory(DjangoModelFactory):
    """A draft survey, open from yesterday for two weeks, aimed at everyone."""

    class Meta:
        model = Survey

    title = factory.Sequence(lambda n: f"Pulse {n}: how is Northwind working for you?")
    product_name = "Northwind CRM"
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=13))
    created_by = factory.SubFactory(CommunityManagerFactory)


def launched_survey(
    *, manager=None, industries=(), regions=(), audiences=(), roles=(), **fields
) -> Survey:
    """A survey launched to its segment with its invitations written, as the background task
    would after the launch commits."""
    # A manager of no industry, so the factories' rotating industries never put them in the
    # segment the test aims at.
    manager = manager or CommunityManagerFactory(profile__industry=None)
    survey = SurveyFactory(created_by=manager, audiences=list(audiences), **fields)
    survey.industries.set(industries)
    survey.regions.set(regions)
    survey.roles.set(roles)
    survey = services.launch_survey(survey=survey, sender=manager)
    services.invite(survey.pk)
    survey.refresh_from_db()
    return survey


class ResponseFactory(DjangoModelFactory):
    """An answer given straight into the table (results, exports); answers from members go
    through services.answer_survey in the tests of that rule."""

    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory, status=Survey.Status.LAUNCHED)
    member = factory.SubFactory(CustomerFactory)
    score = 8
    reason = factory.Faker(
        "random_element",
        elements=[
            "The segment builder saves our marketing team hours every week.",
            "Support answered within the hour when our sync broke.",
            "Reports are slow to load once a pipeline has more than a few thousand deals.",
            "Pricing for extra seats is hard to predict.",
        ],
    )
    industry = factory.LazyAttribute(lambda answer: answer.member.profile.industry)
    region = factory.LazyAttribute(lambda answer: answer.member.profile.region)
    audience = factory.LazyAttribute(lambda answer: answer.member.profile.audience)
