"""The surveys admin, as community managers and everyone else meet it."""

import csv
import io

import pytest
from django.utils.html import escape

from community.listening.models import FollowUp, Survey
from community.members.models import Audience
from tests.factories import CommunityManagerFactory, CustomerFactory
from tests.factories.listening import ResponseFactory, launched_survey

pytestmark = pytest.mark.django_db


def _results(survey) -> str:
    return f"/admin/pulse-surveys/results/{survey.pk}/"


def _answer(survey, score, reason="", **member):
    member = CustomerFactory(**member)
    return ResponseFactory(survey=survey, member=member, score=score, reason=reason)


def test_a_manager_writes_a_survey_for_a_segment_and_launches_it(
    client, retail, retail_emea_member, software_latam_member, django_capture_on_commit_callbacks
):
    community_manager = CommunityManagerFactory(profile__industry=None)
    client.force_login(community_manager)

    response = client.post(
        "/admin/pulse-surveys/new/",
        {
            "title": "Retail pulse",
            "product_name": "Northwind Commerce Cloud",
            "ask_reason": "on",
            "reason_question": "What is the main reason for your score?",
            "opens_at": "2026-01-01 09:00",
            "closes_at": "2099-01-01 09:00",
            "industries": [retail.pk],
            "audiences": [Audience.B2B.value],
        },
    )
    survey = Survey.objects.get(title="Retail pulse")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pulse-surveys/launch/{survey.pk}/"
    review = client.get(response["Location"]).content.decode()
    assert "This reaches <strong>1 member</strong>" in review
    assert "How likely are you to recommend Northwind Commerce Cloud" in review

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/pulse-surveys/launch/{survey.pk}/")

    survey.refresh_from_db()
    assert survey.status == Survey.Status.LAUNCHED
    assert list(survey.invitations.values_list("member", flat=True)) == [retail_emea_member.pk]


def test_a_survey_that_closes_before_it_opens_is_refused_with_422(client, community_manager):
    client.force_login(community_manager)

    response = client.post(
        "/admin/pulse-surveys/new/",
        {
            "title": "Backwards",
            "product_name": "Northwind",
            "opens_at": "2026-05-01 09:00",
            "closes_at": "2026-04-01 09:00",
        },
    )

    assert response.status_code == 422
    assert "The survey must close after it opens." in response.content.decode()
    assert not Survey.objects.exists()


@pytest.mark.parametrize("who", ["customer", "partner_editor"])
def test_only_community_managers_open_surveys_results_and_answers(client, who, customer):
    survey = launched_survey()
    member = customer
    if who == "partner_editor":
        member = CustomerFactory(is_staff=True)
        from django.contrib.auth.models import Permission

        member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(member)

    for url in (
        "/admin/pulse-surveys/",
        _results(survey),
        f"/admin/pulse-surveys/results/{survey.pk}/answers.csv",
        "/admin/survey-follow-ups/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "survey-" not in response.get("Content-Disposition", "")


def test_results_show_nps_margin_distribution_and_the_lowest_segment(
    client, community_manager, retail, software, germany, brazil
):
    survey = launched_survey(manager=community_manager)
    for score in (10, 9, 9, 8, 3):
        _answer(survey, score, profile__industry=software, profile__country=brazil)
    for score in (2, 4, 7):
        _answer(survey, score, "Checkout sync drops orders.", profile__industry=retail)
    client.force_login(community_manager)

    page = client.get(_results(survey)).content.decode()

    # 3 promoters, 2 passives, 3 detractors of 8: NPS 0; margin 1.96·√(0.75/8)·100 ≈ 60.
    assert "+0 ± 60" in page
    assert "Only 8 answers: the true score is likely anywhere from -60 to 60" in page
    industry_table = page.split('id="segments-industry"')[1].split("</table>")[0]
    retail_at = industry_table.index(escape(retail.name))
    assert retail_at < industry_table.index(escape(software.name))
    assert "lowest" in industry_table[retail_at : industry_table.index(escape(software.name))]
    assert "Checkout sync drops orders." in page


def test_reasons_filter_by_category_and_segment(client, community_manager, retail, software):
    survey = launched_survey(manager=community_manager)
    _answer(survey, 2, "Too many clicks to log a call.", profile__industry=retail)
    _answer(survey, 10, "The mobile app is lovely.", profile__industry=retail)
    _answer(survey, 1, "Invoices arrive late.", profile__industry=software)
    client.force_login(community_manager)

    page = client.get(
        _results(survey), {"category": "detractor", "industry": str(retail.pk)}
    ).content.decode()

    assert "Too many clicks to log a call." in page
    assert "The mobile app is lovely." not in page
    assert "Invoices arrive late." not in page


@pytest.mark.parametrize("hostile", ["٣", "１", "1; DROP", "99999999999999999999999", "-1"])
def test_a_filter_that_is_not_a_listed_segment_is_dropped_not_a_500(
    client, community_manager, hostile
):
    survey = launched_survey(manager=community_manager)
    _answer(survey, 2, "Slow exports.")
    client.force_login(community_manager)

    response = client.get(_results(survey), {"industry": hostile, "page": hostile})

    assert response.status_code == 200
    assert "Slow exports." in response.content.decode()


@pytest.mark.parametrize("answers", [1, 40])
def test_the_results_page_has_a_query_budget_whatever_the_answers(
    client, community_manager, answers, django_assert_max_num_queries
):
    survey = launched_survey(manager=community_manager)
    for n in range(answers):
        _answer(survey, n % 11, f"Reason number {n}")
    client.force_login(community_manager)
    client.get(_results(survey))

    with django_assert_max_num_queries(34):
        assert client.get(_results(survey)).status_code == 200


def test_the_answers_csv_names_each_member_and_neutralises_formulas(client, community_manager):
    survey = launched_survey(manager=community_manager)
    _answer(survey, 3, '=HYPERLINK("http://example.com")', display_name="Zoë Ångström")
    client.force_login(community_manager)

    response = client.get(f"/admin/pulse-surveys/results/{survey.pk}/answers.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["answered", "member", "email"]
    assert rows[1][1] == "Zoë Ångström"
    assert rows[1][6:9] == ["3", "Detractors", '\'=HYPERLINK("http://example.com")']


def test_the_segments_csv_has_nps_margin_and_response_rate(client, community_manager, retail):
    survey = launched_survey(manager=community_manager)
    _answer(survey, 10, profile__industry=retail)
    client.force_login(community_manager)

    response = client.get(f"/admin/pulse-surveys/results/{survey.pk}/segments.csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    retail_row = next(
        r for r in rows if r["dimension"] == "Industry" and r["segment"] == retail.name
    )
    assert (retail_row["nps"], retail_row["margin_95"], retail_row["answers"]) == (
        "100.0",
        "0.0",
        "1",
    )


def test_a_detractors_reason_becomes_a_follow_up_a_manager_moves_to_done(client, community_manager):
    survey = launched_survey(manager=community_manager)
    answer = _answer(survey, 1, "Our data import lost half the contacts.")
    colleague = CommunityManagerFactory(display_name="Priya Raman")
    client.force_login(community_manager)

    response = client.post(f"/admin/pulse-surveys/answers/{answer.pk}/follow-up/")

    follow_up = FollowUp.objects.get(response=answer)
    assert follow_up.assignee == community_manager
    assert follow_up.status == FollowUp.Status.OPEN
    assert response["Location"] == f"/admin/survey-follow-ups/edit/{follow_up.pk}/"
    assert (
        "Our data import lost half the contacts."
        in client.get(response["Location"]).content.decode()
    )

    client.post(
        f"/admin/survey-follow-ups/edit/{follow_up.pk}/",
        {"assignee": colleague.pk, "status": "done", "note": "Restored from backup on a call."},
    )

    follow_up.refresh_from_db()
    assert (follow_up.assignee, follow_up.status) == (colleague, FollowUp.Status.DONE)
    listing = client.get("/admin/survey-follow-ups/").content.decode()
    assert "Our data import lost half the contacts." in listing
    assert "Priya Raman" in listing


def test_a_follow_up_goes_only_to_a_community_manager(client, community_manager, customer):
    survey = launched_survey(manager=community_manager)
    answer = _answer(survey, 1, "Too slow.")
    client.force_login(community_manager)
    client.post(f"/admin/pulse-surveys/answers/{answer.pk}/follow-up/")
    follow_up = FollowUp.objects.get(response=answer)

    response = client.post(
        f"/admin/survey-follow-ups/edit/{follow_up.pk}/",
        {"assignee": customer.pk, "status": "done", "note": ""},
    )

    assert response.status_code in (200, 422)
    follow_up.refresh_from_db()
    assert follow_up.assignee == community_manager
