"""Members with a complete profile in a real segment (industries and countries from the migration)."""

import factory
import pytest
from allauth.account.models import EmailAddress
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from community.core.markdown import render_markdown
from community.members import services
from community.members.models import Audience, Country, Industry, Profile, Region, User
from community.members.roles import Role

DEFAULT_PASSWORD = "plum-orchard-42-lantern"

# A spread of countries over the four regions, so segment filters have something to split.
SAMPLE_COUNTRIES = ["US", "CA", "BR", "MX", "DE", "FR", "GB", "NG", "ZA", "IN", "JP", "AU"]

MAIL_DOMAINS = ["example.com", "example.org", "example.net"]


class ProfileFactory(DjangoModelFactory):
    """Fills in the profile every member gets on creation (see members.signals)."""

    class Meta:
        model = Profile

    user = factory.SubFactory("tests.factories.members.UserFactory", profile=None)
    industry = factory.Iterator(Industry.objects.order_by("sort_order"))
    country = factory.Iterator(Country.objects.filter(code__in=SAMPLE_COUNTRIES).order_by("code"))
    audience = factory.Iterator([Audience.B2B, Audience.B2C, Audience.BOTH])
    company = factory.Faker("company")
    job_title = factory.Faker(
        "random_element",
        elements=[
            "Customer Success Manager",
            "Head of Support",
            "Solutions Architect",
            "Product Owner",
            "Marketing Operations Lead",
            "CRM Administrator",
            "VP Sales",
        ],
    )
    bio = factory.Faker("paragraph", nb_sentences=3)
    bio_html = factory.LazyAttribute(lambda profile: render_markdown(profile.bio))
    # An established member whose posts no longer wait for approval; pass
    # `profile__approved_posts=0` for a newcomer.
    approved_posts = 5

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        user = kwargs.pop("user")
        profile, _ = model_class.objects.update_or_create(user=user, defaults=kwargs)
        user.profile = profile  # replace the copy the post_save signal cached on the user
        return profile


def with_roles(*default_roles: Role) -> factory.PostGeneration:
    """Assign roles after creation; `roles=[...]` at call time replaces the defaults."""

    def assign(user, create, extracted, **kwargs):
        if not create:
            return
        for role in default_roles if extracted is None else extracted:
            services.assign_role(user=user, role=role)

    return factory.PostGeneration(assign)


class UserFactory(DjangoModelFactory):
    """A member who signed up, verified their e-mail and holds the given roles (default: Customer).

    `UserFactory(roles=[Role.PARTNER])`, `UserFactory(profile__industry=...)`,
    `UserFactory(email_verified=False)`; the password is DEFAULT_PASSWORD.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    display_name = factory.Faker("name")
    username = factory.LazyAttributeSequence(
        lambda user, n: f"{slugify(user.display_name)[:30].strip('-') or 'member'}-{n}"
    )
    email = factory.LazyAttributeSequence(
        lambda user, n: (
            f"{slugify(user.display_name).replace('-', '.') or 'member'}.{n}"
            f"@{MAIL_DOMAINS[n % len(MAIL_DOMAINS)]}"
        )
    )
    password = factory.django.Password(DEFAULT_PASSWORD)

    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user")

    roles = with_roles(Role.CUSTOMER)

    @factory.post_generation
    def email_verified(user, create, extracted, **kwargs):
        if not create:
            return
        EmailAddress.objects.create(
            user=user,
            email=user.email,
            primary=True,
            verified=True if extracted is None else bool(extracted),
        )


class CustomerFactory(UserFactory):
    roles = with_roles(Role.CUSTOMER)


class PartnerFactory(UserFactory):
    roles = with_roles(Role.PARTNER)


class EmployerFactory(UserFactory):
    roles = with_roles(Role.EMPLOYER)


class CommunityManagerFactory(UserFactory):
    roles = with_roles(Role.COMMUNITY_MANAGER)


def member_fixture(member_factory: type[UserFactory], **fields):
    """A test fixture that creates one member, e.g. `ana = member_fixture(CustomerFactory,
    display_name="Ana Souza")`: a named cast makes failures and rendered pages read like the demo."""

    @pytest.fixture
    def member(db) -> User:
        return member_factory(**fields)

    return member


def segment_fixture(model: type[Industry | Country | Region], **lookup):
    """A test fixture that reads one of the segment rows the migrations load, e.g. `germany =
    segment_fixture(Country, code="DE")` or `emea = segment_fixture(Region, code="EMEA")`."""

    @pytest.fixture
    def row(db) -> Industry | Country | Region:
        return model.objects.get(**lookup)

    return row
