"""Schema.org `JobPosting` for a job's page, as Google for Jobs reads it.

Every property Google requires (title, description, datePosted, hiringOrganization, jobLocation,
or for a fully remote job applicantLocationRequirements with jobLocationType TELECOMMUTE) and
those it recommends (validThrough, employmentType, baseSalary, identifier, directApply). Google
asks that the markup leave the page once a job stops taking applications, so only open jobs
carry it.
"""

import datetime
import json
from typing import Any

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .models import JobPosting, WorkplaceType

# Characters that could end the script element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

REQUIRED = ("title", "description", "datePosted", "hiringOrganization")
RECOMMENDED = ("validThrough", "employmentType", "identifier", "directApply")


def _place(city: str, country_code: str) -> dict[str, Any]:
    return {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": city,
            "addressCountry": country_code,
        },
    }


def _valid_through(posting: JobPosting) -> str:
    end = datetime.datetime.combine(posting.closes_on, datetime.time(23, 59, 59))
    return timezone.make_aware(end).isoformat()


def job_posting_data(posting: JobPosting, *, build_absolute_uri) -> dict[str, Any]:
    """The JSON-LD object; `posting` comes from `selectors.job_for_page` (relations loaded)."""
    company = posting.company
    organisation: dict[str, Any] = {"@type": "Organization", "name": company.name}
    if company.website:
        organisation["sameAs"] = company.website
    if company.logo:
        organisation["logo"] = build_absolute_uri(company.logo.url)
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": posting.description_html,
        "datePosted": (posting.posted_at or posting.created_at).date().isoformat(),
        "validThrough": _valid_through(posting),
        "employmentType": posting.employment_type.upper(),
        "hiringOrganization": organisation,
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": str(posting.pk)},
        "directApply": posting.applies_on_site,
        "url": build_absolute_uri(posting.get_absolute_url()),
    }
    locations = posting.location_list
    if locations:
        data["jobLocation"] = [_place(place.city, place.country_id) for place in locations]
    if posting.workplace_type == WorkplaceType.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = [
            {"@type": "Country", "name": country.name} for country in posting.remote_list
        ]
    if posting.has_salary:
        value: dict[str, Any] = {
            "@type": "QuantitativeValue",
            "unitText": posting.salary_period.upper(),
        }
        if posting.salary_min and posting.salary_max and posting.salary_min != posting.salary_max:
            value.update(minValue=posting.salary_min, maxValue=posting.salary_max)
        elif posting.salary_min or posting.salary_max:
            value["value"] = posting.salary_min or posting.salary_max
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": posting.salary_currency,
            "value": value,
        }
    if posting.industry_id:
        data["industry"] = posting.industry.name
    if posting.skill_list:
        data["skills"] = ", ".join(skill.name for skill in posting.skill_list)
    return data


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """`data` in a `<script type="application/ld+json">` element no value can break out of."""
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))
