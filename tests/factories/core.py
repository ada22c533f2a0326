import factory
from factory.django import DjangoModelFactory

from community.core.models import Draft
from tests.factories.members import CustomerFactory


class DraftFactory(DjangoModelFactory):
    class Meta:
        model = Draft

    member = factory.SubFactory(CustomerFactory)
    key = "forums:topic:new"
    payload = factory.LazyFunction(
        lambda: {
            "title": "Webinar attendance in the lead score",
            "body": "We score opens and clicks today. Has anyone added webinar attendance?",
        }
    )
