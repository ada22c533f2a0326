"""Whatever is typed into an address or a form of the job board, the answer is a page or a clear
4xx, never a server error: ids in other digits ("١٢", "１２"), ids of nothing, numbers too big
for any row, and text in any script in every field and filter."""

import pytest
from django.urls import reverse

from careers.application_models import Application, OpenToWork, SavedSearch
from careers.models import Company, JobPosting
from tests.factories.careers import job_form
from tests.factories.careers_applications import ApplicationFactory, SavedSearchFactory

pytestmark = pytest.mark.django_db

# Not ASCII digits (Arabic-Indic, full-width), nobody's id, and past any database integer.
BAD_IDS = ["١٢", "１２", "987654", "99999999999999999999999"]

# Every address of the board that carries an id, with the method it answers to.
ID_ADDRESSES = [
    ("get", "/careers/jobs/{}/"),
    ("get", "/careers/jobs/{}/some-job/"),
    ("get", "/careers/jobs/{}/edit/"),
    ("post", "/careers/jobs/{}/submit/"),
    ("post", "/careers/jobs/{}/close/"),
    ("post", "/careers/jobs/{}/reopen/"),
    ("post", "/careers/jobs/{}/repost/"),
    ("get", "/careers/jobs/{}/apply/"),
    ("get", "/careers/jobs/{}/applicants/"),
    ("post", "/careers/applications/{}/withdraw/"),
    ("post", "/careers/applications/{}/stage/"),
    ("get", "/careers/applications/{}/cv/"),
    ("post", "/careers/alerts/{}/"),
    ("post", "/careers/alerts/{}/delete/"),
]

NON_LATIN = "日本のCRMマネージャー — مدير تسويق — Менеджер"

# A job form's text fields typed in other scripts, for a job in Tokyo.
IN_ANOTHER_SCRIPT = {
    "title": "CRMマネージャー",
    "description": NON_LATIN,
    "locations-0-city": "東京",
    "locations-0-country": "JP",
}


def save_search(client, **fields):
    """Save the board's search `fields` for the signed-in member, with a daily alert."""
    return client.post(
        reverse("careers:save_search"), {"name": "Berlin CRM", "frequency": "daily", **fields}
    )


@pytest.mark.parametrize("method, address", ID_ADDRESSES)
@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_an_id_that_names_nothing_is_a_404(
    client, site_tree, manager, job, method, address, bad_id
):
    # A community manager may open everything, so nothing but the id can refuse.
    client.force_login(manager)
    response = getattr(client, method)(address.format(bad_id), {"stage": "interview"})
    assert response.status_code == 404


@pytest.mark.parametrize("slug", ["١٢", "１２", "日本の会社", "x" * 300])
@pytest.mark.parametrize(
    "address",
    [
        "/careers/companies/{}/",
        "/careers/companies/{}/edit/",
        "/careers/companies/{}/post/",
        "/careers/companies/{}/applicants/",
    ],
)
def test_a_company_that_does_not_exist_is_a_404(client, site_tree, manager, address, slug):
    client.force_login(manager)
    assert client.get(address.format(slug)).status_code == 404


@pytest.mark.parametrize("section", ["jobs", "١", "日本", "other"])
@pytest.mark.parametrize("page", ["1", "١٢", "１２", "abc", "99999999999999999999999"])
def test_the_sitemap_answers_any_section_and_page_without_an_error(
    client, site_tree, job, section, page
):
    response = client.get(f"/careers/sitemap-{section}.xml", {"p": page})
    assert response.status_code in (200, 404)


def test_the_board_takes_text_in_any_script_in_every_filter(client, site_tree, job):
    response = client.get(
        "/careers/",
        {
            "q": NON_LATIN,
            "country": "日本",
            "region": "欧洲",
            "remote": "はい",
            "type": "正社員",
            "seniority": "シニア",
            "industry": "小売",
            "salary": "五万",
            "posted": "١",
            "skill": "日本語",
            "page": "１２",
        },
    )
    assert response.status_code == 200
    assert "know that country" in response.content.decode()


def test_the_members_pages_take_text_in_any_script_in_their_query_strings(
    client, site_tree, employer, seeker, job
):
    ApplicationFactory(job=job, applicant=seeker)
    client.force_login(employer)
    for address, params in [
        (reverse("careers:job_applicants", args=[job.pk]), {"stage": "面接"}),
        (reverse("careers:company_applicants", args=[job.company.slug]), {"stage": "١"}),
        (reverse("careers:candidates"), {"q": NON_LATIN, "country": "日本", "page": "١٢"}),
        (reverse("careers:save_search"), {"q": NON_LATIN, "salary": "１２"}),
    ]:
        assert client.get(address, params).status_code == 200, address
    client.force_login(seeker)
    response = client.get(reverse("careers:my_applications"), {"applied": "١٢"})
    assert response.status_code == 200


def test_a_stage_in_another_script_is_refused_with_a_message(client, employer, seeker, job):
    application = ApplicationFactory(job=job, applicant=seeker)
    client.force_login(employer)
    response = client.post(
        reverse("careers:move_application", args=[application.pk]), {"stage": "面接"}
    )
    assert response.status_code in (302, 400, 403, 409, 422)
    application.refresh_from_db()
    assert application.stage == "new"


@pytest.mark.parametrize("back", ["//evil.example", "/\\evil.example", "https://evil.example/"])
def test_moving_an_application_never_sends_the_employer_to_another_site(
    client, employer, seeker, job, back
):
    application = ApplicationFactory(job=job, applicant=seeker)
    client.force_login(employer)
    response = client.post(
        reverse("careers:move_application", args=[application.pk]),
        {"stage": "interview", "next": back},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("careers:job_applicants", kwargs={"pk": job.pk}))


def test_a_company_and_a_job_in_any_script_are_saved_as_typed(client, employer):
    client.force_login(employer)
    response = client.post(
        reverse("careers:new_company"),
        {"name": "株式会社ブライト", "website": "", "description": NON_LATIN},
    )
    company = Company.objects.get()
    assert response.status_code == 302
    assert company.name == "株式会社ブライト"
    response = client.post(
        reverse("careers:new_job", args=[company.slug]),
        job_form(**IN_ANOTHER_SCRIPT, skills="日本語, تحليل البيانات", action="save"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    job = JobPosting.objects.get()
    assert job.title == "CRMマネージャー"
    assert job.locations.get().city == "東京"
    assert sorted(job.skills.names()) == sorted(["日本語", "تحليل البيانات"])
    assert client.get(job.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "field, value",
    [("salary_min", "５００００"), ("salary_max", "٥٠٠٠٠"), ("closes_on", "٢٠٢٦-١٢-٣١")],
)
def test_numbers_and_dates_in_other_digits_keep_the_job_form(
    client, employer, company, field, value
):
    client.force_login(employer)
    response = client.post(
        reverse("careers:new_job", args=[company.slug]),
        job_form(**IN_ANOTHER_SCRIPT, **{field: value}),
    )
    assert response.status_code == 422
    assert "CRMマネージャー" in response.content.decode()
    assert not JobPosting.objects.exists()


def test_a_saved_search_and_an_open_to_work_card_in_any_script(client, seeker):
    client.force_login(seeker)
    response = save_search(client, q=NON_LATIN, name="東京の仕事")
    assert response.status_code == 302
    assert SavedSearch.objects.get(member=seeker).name == "東京の仕事"
    search = SavedSearch.objects.get(member=seeker)
    response = client.post(
        reverse("careers:update_search", args=[search.pk]),
        {f"s{search.pk}-name": "وظائف", f"s{search.pk}-frequency": "毎日"},
    )
    assert response.status_code in (302, 400, 409, 422)
    response = client.post(
        reverse("careers:open_to_work"),
        {
            "roles": "マーケティング運用",
            "places": "القاهرة, 東京",
            "remote_ok": "on",
            "visible": "on",
        },
    )
    assert response.status_code == 302
    assert OpenToWork.objects.get(member=seeker).places == "القاهرة, 東京"


def test_a_cover_letter_in_any_script_is_kept(client, seeker, job):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from careers.cv_documents import pdf_cv

    client.force_login(seeker)
    response = client.post(
        reverse("careers:apply", args=[job.pk]),
        {
            "cover_letter": NON_LATIN,
            "cv": SimpleUploadedFile("履歴書.pdf", pdf_cv(["山田 花子"])),
        },
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.cover_letter == NON_LATIN
    assert application.cv_name == "履歴書.pdf"


def test_another_members_saved_search_is_a_404(client, seeker):
    search = SavedSearchFactory()
    client.force_login(seeker)
    assert client.post(reverse("careers:delete_search", args=[search.pk])).status_code == 404


def test_nul_characters_in_a_saved_searchs_filters_are_dropped(client, seeker):
    # The filters of a saved search come from a POST, which no middleware cleans.
    client.force_login(seeker)
    filters = {
        "q": "CRM\x00 lead",
        "country": "D\x00E",
        "region": "\x00",
        "industry": "\x00x",
        "skill": "s\x00ql",
        "type": "full_time\x00",
    }
    response = save_search(client, **filters)
    assert response.status_code == 302
    assert SavedSearch.objects.get(member=seeker).query == "q=CRM+lead&country=DE&type=full_time"
