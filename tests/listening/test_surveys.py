"""Launching a survey to a segment: who is asked, who is told, and what a manager may do."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from community.listening import services
from community.listening.models import Invitation, Survey
from community.listening.prompt import pending_surveys
from community.notifications.models import Notification
from tests.factories import CustomerFactory
from tests.factories.listening import SurveyFactory, launched_survey

pytestmark = pytest.mark.django_db


def test_launch_asks_only_the_segment_and_tells_each_member(
    retail, germany, retail_emea_member, software_latam_member, community_manager
):
    survey = launched_survey(
        manager=community_manager, industries=[retail], regions=[germany.region]
    )

    assert survey.status == Survey.Status.LAUNCHED
    assert survey.invited_count == 1
    invitation = Invitation.objects.get(survey=survey)
    assert invitation.member == retail_emea_member
    assert (invitation.industry, invitation.region) == (retail, germany.region)
    notification = Notification.objects.get(recipient=retail_emea_member)
    assert notification.kind == "pulse_survey"
    assert notification.url == survey.get_absolute_url()
    assert "How likely are you to recommend Northwind CRM" in notification.text
    assert not Notification.objects.filter(recipient=software_latam_member).exists()


def test_banned_members_are_never_asked(retail, retail_emea_member, banned_member):
    banned_member.profile.industry = retail
    banned_member.profile.save(update_fields=["industry"])

    survey = launched_survey(industries=[retail])

    assert list(survey.invitations.values_list("member_id", flat=True)) == [retail_emea_member.pk]


def test_inviting_again_after_a_restart_asks_nobody_twice(retail, retail_emea_member):
    survey = launched_survey(industries=[retail])

    assert services.invite(survey.pk) == 0
    assert Invitation.objects.filter(survey=survey).count() == 1
    assert Notification.objects.filter(recipient=retail_emea_member).count() == 1


def test_a_survey_is_launched_once(community_manager, retail_emea_member):
    survey = launched_survey(manager=community_manager)

    with pytest.raises(services.SurveyRefused, match="already launched"):
        services.launch_survey(survey=survey, sender=community_manager)


def test_a_segment_nobody_is_in_cannot_be_launched(community_manager, retail, software):
    CustomerFactory(profile__industry=software)
    survey = SurveyFactory(created_by=community_manager)
    survey.industries.set([retail])

    with pytest.raises(services.SurveyRefused, match="No member matches"):
        services.launch_survey(survey=survey, sender=community_manager)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_a_survey_whose_closing_date_passed_cannot_be_launched(community_manager, customer):
    survey = SurveyFactory(
        created_by=community_manager,
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(days=1),
    )

    with pytest.raises(services.SurveyRefused, match="closing date has passed"):
        services.launch_survey(survey=survey, sender=community_manager)


def test_only_community_managers_write_or_launch_surveys(customer):
    survey = SurveyFactory()

    with pytest.raises(PermissionDenied):
        services.save_survey(survey=survey, author=customer)
    with pytest.raises(PermissionDenied):
        services.launch_survey(survey=survey, sender=customer)


def test_a_launched_survey_keeps_its_questions(community_manager, customer):
    survey = launched_survey(manager=community_manager)
    survey.product_name = "Something else"

    with pytest.raises(services.SurveyRefused, match="already launched"):
        services.save_survey(survey=survey, author=community_manager)


def test_closing_a_survey_takes_it_off_every_page(
    community_manager, customer, django_capture_on_commit_callbacks
):
    survey = launched_survey(manager=community_manager)
    assert [row["survey_id"] for row in pending_surveys(customer)] == [survey.pk]

    with django_capture_on_commit_callbacks(execute=True):
        services.close_survey(survey=survey, manager=community_manager)

    survey.refresh_from_db()
    assert not survey.is_open()
    assert pending_surveys(customer) == []
    with pytest.raises(services.SurveyRefused, match="Only an open survey"):
        services.close_survey(survey=survey, manager=community_manager)
