"""Company pages: an employer creates their company's page, edits it and names colleagues."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction

from community.core.errors import Rejected
from community.core.images import CleanImage
from community.core.markdown import render
from community.core.slugs import unicode_slugify
from community.members.models import Industry, Region, User
from community.members.roles import Role
from community.search import index_pks_later

from .. import permissions
from ..models import COMPANY_NAME_MAX_LENGTH, Company


class CompanyRejected(Rejected):
    """The company page breaks a rule (a name already taken); nothing is saved."""


@dataclass
class CompanyData:
    name: str
    website: str = ""
    industry: Industry | None = None
    region: Region | None = None
    description: str = ""
    # The logo decoded and written out again (community.core.images), or None to keep it.
    logo: CleanImage | None = None
    remove_logo: bool = False


def _unique_slug(name: str, *, exclude: int | None = None) -> str:
    base = unicode_slugify(name)[: COMPANY_NAME_MAX_LENGTH - 4].strip("-_") or "company"
    taken = set(
        Company.objects.exclude(pk=exclude)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_name(name: str, *, exclude: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise CompanyRejected("Give the company a name.")
    if Company.objects.exclude(pk=exclude).filter(name__iexact=name).exists():
        raise CompanyRejected(
            f"“{name}” already has a company page: ask its employers to add you to it."
        )
    return name


def _apply(company: Company, data: CompanyData) -> None:
    rendered = render(data.description)
    company.website = data.website
    company.industry = data.industry
    company.region = data.region
    company.description_source = rendered.source
    company.description_html = rendered.html
    if data.remove_logo and company.logo:
        company.logo.delete(save=False)
        company.logo = ""


def _save_logo(company: Company, logo: CleanImage | None) -> None:
    if logo is None:
        return
    if company.logo:
        company.logo.delete(save=False)
    company.logo.save(f"logo.{logo.extension}", ContentFile(logo.content), save=True)


def create_company(*, member: User, data: CompanyData) -> Company:
    """A new company page, with the member as its first employer."""
    permissions.ensure_can_create_company(member)
    with transaction.atomic():
        name = _check_name(data.name)
        company = Company(name=name, slug=_unique_slug(name))
        _apply(company, data)
        company.save()
        if member.has_role(Role.EMPLOYER):
            company.members.add(member)
        _save_logo(company, data.logo)
    return company


def update_company(*, company: Company, member: User, data: CompanyData) -> Company:
    """Edit the company page; its address follows a new name, and its jobs show the change."""
    permissions.ensure_can_manage_company(member, company)
    with transaction.atomic():
        name = _check_name(data.name, exclude=company.pk)
        if name != company.name:
            company.name = name
            company.slug = _unique_slug(name, exclude=company.pk)
        _apply(company, data)
        company.save()
        _save_logo(company, data.logo)
        # Search results name the company beside each job.
        index_pks_later("job", company.postings.values_list("pk", flat=True))
    return company


def add_employer(*, company: Company, member: User, colleague: User) -> None:
    """Let a colleague with the Employer role post for the company too."""
    permissions.ensure_can_manage_company(member, company)
    if not colleague.has_role(Role.EMPLOYER):
        raise PermissionDenied(
            f"{colleague} doesn't have the Employer role yet: a community manager can give it."
        )
    company.members.add(colleague)
