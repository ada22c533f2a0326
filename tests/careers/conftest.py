"""The job board's cast: an employer and their company, a rival employer, a job seeker."""

import pytest

from tests.factories import CommunityManagerFactory, CustomerFactory, EmployerFactory
from tests.factories.careers import CompanyFactory, JobPostingFactory


@pytest.fixture
def employer(db):
    return EmployerFactory(display_name="Karin Olsen")


@pytest.fixture
def company(employer):
    return CompanyFactory(name="Brightwave Digital", members=[employer])


@pytest.fixture
def other_employer(db):
    return EmployerFactory(display_name="Tomás Ferreira")


@pytest.fixture
def other_company(other_employer):
    return CompanyFactory(name="Lumen Retail Group", members=[other_employer])


@pytest.fixture
def seeker(db):
    return CustomerFactory(display_name="Ana Souza")


@pytest.fixture
def manager(db):
    return CommunityManagerFactory(display_name="Priya Raman")


@pytest.fixture
def job(company, employer):
    return JobPostingFactory(
        company=company,
        posted_by=employer,
        title="Marketing Operations Manager",
        skills=["Marketing automation", "SQL"],
    )
