"""The demo's job seekers: applications in every stage with real PDF CVs, saved searches and
open-to-work cards, from the demo's own members and jobs. Seeding twice adds nothing."""

import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from pypdf import PdfReader

from careers.application_models import Application, OpenToWork, SavedSearch, Stage
from careers.cv_storage import cv_storage
from tests.module_data import built_once_per_module

pytestmark = pytest.mark.django_db


# The seeded CVs outlive the test that seeds them (the module shares one build).
PRIVATE_ROOT = Path(tempfile.mkdtemp(prefix="demo-cvs-"))


def seed():
    with override_settings(PRIVATE_MEDIA_ROOT=PRIVATE_ROOT):
        call_command(
            "seed_demo",
            verbosity=0,
            members=20,
            only=["members", "careers", "careers applications"],
        )


_seeded_for_the_module = built_once_per_module(seed)


@pytest.fixture
def seeded(_seeded_for_the_module, db) -> None:
    return None


def test_applications_reach_every_stage(seeded):
    stages = set(Application.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    assert Application.objects.filter(applicant__email="member@example.com").count() == 2


def test_each_cv_is_a_pdf_that_reads(seeded, settings):
    settings.PRIVATE_MEDIA_ROOT = PRIVATE_ROOT
    for application in Application.objects.all():
        with cv_storage().open(application.cv.name, "rb") as stored:
            reader = PdfReader(stored)
            assert application.applicant.display_name in reader.pages[0].extract_text()


def test_histories_run_forward_in_time(seeded):
    for application in Application.objects.prefetch_related("stage_changes"):
        times = [change.changed_at for change in application.stage_changes.all()]
        assert times == sorted(times)
        assert times[0] == application.created_at
        assert application.stage_changes.all()[len(times) - 1].stage == application.stage


def test_saved_searches_and_open_to_work_cards_are_seeded(seeded):
    assert SavedSearch.objects.filter(frequency="instant").exists()
    assert SavedSearch.objects.filter(frequency="weekly").exists()
    assert OpenToWork.objects.filter(visible=True).count() >= 4
    assert OpenToWork.objects.filter(visible=False).exists()


def test_seeding_again_adds_nothing(seeded):
    counts = (Application.objects.count(), SavedSearch.objects.count(), OpenToWork.objects.count())
    call_command("seed_demo", verbosity=0, members=20, only=["careers applications"])
    assert counts == (
        Application.objects.count(),
        SavedSearch.objects.count(),
        OpenToWork.objects.count(),
    )
