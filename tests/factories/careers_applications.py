"""Applications (with a real, small PDF CV in the private storage), saved searches and
open-to-work cards."""

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from careers.application_models import (
    AlertFrequency,
    Application,
    OpenToWork,
    SavedSearch,
    Stage,
    StageChange,
)
from careers.cv_documents import pdf_cv
from careers.cv_storage import cv_storage, random_cv_name
from tests.factories.careers import JobPostingFactory
from tests.factories.members import CustomerFactory

COVER_LETTER = (
    "I have run lifecycle programmes on Northwind for four years, from consent capture to "
    "win-back journeys, and would love to do it for your customers."
)


def stored_cv(lines: list[str] | None = None) -> str:
    """A generated PDF CV written to the private storage; returns its name there."""
    content = pdf_cv(lines or ["Ana Souza", "Marketing Operations Lead"])
    return cv_storage().save(random_cv_name("pdf"), ContentFile(content))


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    job = factory.SubFactory(JobPostingFactory)
    applicant = factory.SubFactory(CustomerFactory)
    cv = factory.LazyFunction(stored_cv)
    cv_name = "Ana Souza – CV.pdf"
    cv_size = factory.LazyAttribute(lambda application: cv_storage().size(application.cv))
    cover_letter = COVER_LETTER
    stage = Stage.NEW

    @factory.post_generation
    def history(application, create, extracted, **kwargs):
        if create:
            StageChange.objects.create(application=application, stage=application.stage)


class SavedSearchFactory(DjangoModelFactory):
    class Meta:
        model = SavedSearch

    member = factory.SubFactory(CustomerFactory)
    name = "Marketing automation jobs"
    query = "q=automation"
    frequency = AlertFrequency.INSTANT


class OpenToWorkFactory(DjangoModelFactory):
    class Meta:
        model = OpenToWork

    member = factory.SubFactory(CustomerFactory)
    roles = "Marketing automation specialist, CRM administrator"
    places = "Lisbon or Porto"
    remote_ok = True
    visible = True
