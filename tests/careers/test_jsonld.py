"""Each open job's page carries Schema.org JobPosting JSON-LD with every property Google for
Jobs requires and recommends; a job that takes no applications carries none."""

import json
import re

import pytest
from django.utils import timezone

from careers.models import PostingStatus, WorkplaceType
from tests.factories.careers import JobPostingFactory

pytestmark = pytest.mark.django_db

# https://developers.google.com/search/docs/appearance/structured-data/job-posting
REQUIRED = {"title", "description", "datePosted", "hiringOrganization"}
RECOMMENDED = {"validThrough", "employmentType", "identifier", "directApply", "baseSalary"}
GOOGLE_EMPLOYMENT_TYPES = {
    "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER",
}  # fmt: skip
SALARY_UNITS = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(client, job) -> dict:
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    scripts = SCRIPT.findall(response.content.decode())
    assert len(scripts) == 1
    return json.loads(scripts[0])


def assert_valid_job_posting(data: dict) -> None:
    """Google's rules for a JobPosting, as its documentation states them."""
    assert data["@context"] == "https://schema.org/"
    assert data["@type"] == "JobPosting"
    missing = (REQUIRED | RECOMMENDED) - data.keys()
    assert not missing, f"missing {sorted(missing)}"
    assert data["title"] and data["description"].startswith("<")
    assert data["hiringOrganization"]["@type"] == "Organization"
    assert data["hiringOrganization"]["name"]
    assert data["employmentType"] in GOOGLE_EMPLOYMENT_TYPES
    assert data["identifier"]["@type"] == "PropertyValue" and data["identifier"]["value"]
    assert isinstance(data["directApply"], bool)
    assert timezone.datetime.fromisoformat(data["validThrough"]).tzinfo is not None
    timezone.datetime.fromisoformat(data["datePosted"])
    salary = data["baseSalary"]
    assert salary["@type"] == "MonetaryAmount" and len(salary["currency"]) == 3
    assert salary["value"]["unitText"] in SALARY_UNITS
    assert "value" in salary["value"] or {"minValue", "maxValue"} <= salary["value"].keys()
    if data.get("jobLocationType") == "TELECOMMUTE":
        requirements = data["applicantLocationRequirements"]
        assert requirements and all(place["@type"] == "Country" for place in requirements)
    else:
        places = data["jobLocation"]
        assert places
        for place in places:
            assert place["@type"] == "Place"
            address = place["address"]
            assert address["@type"] == "PostalAddress"
            assert address["addressLocality"] and len(address["addressCountry"]) == 2


def test_an_on_site_job_has_every_required_and_recommended_property(client, job):
    data = json_ld(client, job)
    assert_valid_job_posting(data)
    assert data["jobLocation"][0]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Berlin",
        "addressCountry": "DE",
    }
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "YEAR",
        "minValue": 55000,
        "maxValue": 70000,
    }
    assert data["directApply"] is True
    assert data["hiringOrganization"]["name"] == "Brightwave Digital"
    assert data["validThrough"].startswith(job.closes_on.isoformat())


def test_a_remote_job_says_telecommute_and_where_applicants_may_live(client, company):
    job = JobPostingFactory(
        company=company,
        workplace_type=WorkplaceType.REMOTE,
        locations=[],
        remote_countries=["DE", "AT"],
        apply_method="external",
        apply_url="https://brightwave.example.com/jobs/7",
        salary_period="hour",
        salary_min=60,
        salary_max=60,
    )
    data = json_ld(client, job)
    assert_valid_job_posting(data)
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert {place["name"] for place in data["applicantLocationRequirements"]} == {
        "Germany",
        "Austria",
    }
    assert "jobLocation" not in data
    assert data["directApply"] is False
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "HOUR",
        "value": 60,
    }


def test_a_closed_job_carries_no_job_posting_markup(client, company):
    job = JobPostingFactory(company=company, status=PostingStatus.CLOSED)
    response = client.get(job.get_absolute_url())
    assert "application/ld+json" not in response.content.decode()


def test_no_title_can_break_out_of_the_script(client, company):
    job = JobPostingFactory(company=company, title="Growth </script><script>alert(1)</script>")
    html = client.get(job.get_absolute_url()).content.decode()
    script = SCRIPT.findall(html)[0]
    assert "</script>" not in script and "<script>" not in script
    assert json.loads(script)["title"] == "Growth </script><script>alert(1)</script>"


def test_the_sitemap_lists_open_jobs_only_and_robots_points_to_it(client, company):
    open_job = JobPostingFactory(company=company, title="Open one")
    closed = JobPostingFactory(company=company, status=PostingStatus.CLOSED)
    draft = JobPostingFactory(company=company, status=PostingStatus.DRAFT)
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/careers/sitemap.xml" in robots
    index = client.get("/careers/sitemap.xml").content.decode()
    assert "/careers/sitemap-jobs.xml" in index
    sitemap = client.get("/careers/sitemap-jobs.xml").content.decode()
    assert open_job.get_absolute_url() in sitemap
    assert closed.get_absolute_url() not in sitemap
    assert draft.get_absolute_url() not in sitemap
    assert client.get("/careers/sitemap-jobs.xml", {"p": "٢"}).status_code == 404
