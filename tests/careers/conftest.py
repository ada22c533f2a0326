"""The job board's cast: an employer and their company, a rival employer, a job seeker."""

import pytest

from tests.factories import CommunityManagerFactory, CustomerFactory, EmployerFactory
from tests.factories.careers import CompanyFactory, JobPostingFactory
from tests.factories.members import member_fixture

employer = member_fixture(EmployerFactory, display_name="Karin Olsen")
other_employer = member_fixture(EmployerFactory, display_name="Tomás Ferreira")
seeker = member_fixture(CustomerFactory, display_name="Ana Souza")
manager = member_fixture(CommunityManagerFactory, display_name="Priya Raman")


@pytest.fixture
def company(employer):
    return CompanyFactory(name="Brightwave Digital", members=[employer])


@pytest.fixture
def other_company(other_employer):
    return CompanyFactory(name="Lumen Retail Group", members=[other_employer])


@pytest.fixture
def job(company, employer):
    return JobPostingFactory(
        company=company,
        posted_by=employer,
        title="Marketing Operations Manager",
        skills=["Marketing automation", "SQL"],
    )
