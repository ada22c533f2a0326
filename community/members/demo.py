"""Demo members: named accounts for each role, then a crowd spread across segments."""

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from community.core.demo import Output, register_seeder
from community.core.markdown import render_markdown

from .models import Audience, Country, Industry, Profile, User
from .roles import Role
from .services import handle_from_name

DEMO_PASSWORD = "community-demo"
# Demo members have been around: their posts no longer wait for approval.
ESTABLISHED = 10
BATCH_SIZE = 2000


@dataclass(frozen=True)
class NamedAccount:
    email: str
    display_name: str
    role: Role
    company: str
    job_title: str
    country: str
    industry: str
    audience: str
    bio: str


NAMED_ACCOUNTS = [
    NamedAccount(
        "manager@example.com", "Maya Chen", Role.COMMUNITY_MANAGER, "Northwind", "Community Manager",
        "US", "software-saas", Audience.BOTH,
        "I look after this community. Ask me anything about **getting the most out of it**.",
    ),
    NamedAccount(
        "member@example.com", "Ana Souza", Role.CUSTOMER, "Lumen Retail", "Marketing Operations Lead",
        "BR", "retail-e-commerce", Audience.B2C,
        "Marketing ops at a retailer in São Paulo. I automate everything I do twice.",
    ),
    NamedAccount(
        "partner@example.com", "Lars Eriksen", Role.PARTNER, "Fjord Consulting", "Principal Consultant",
        "NO", "professional-services", Audience.B2B,
        "Implementation partner for the Nordics. Twelve years of campaign orchestration.",
    ),
    NamedAccount(
        "employer@example.com", "Priya Raman", Role.EMPLOYER, "Brightpath Health", "Talent Partner",
        "IN", "healthcare-life-sciences", Audience.B2B,
        "Hiring marketing technologists across APAC.",
    ),
]  # fmt: skip

FIRST_NAMES = (
    "Aiko", "Alejandro", "Amara", "Anders", "Aroha", "Beatriz", "Carlos", "Chloé", "Dmitri",
    "Elena", "Emeka", "Fatima", "Finn", "Gabriel", "Hana", "Hiroshi", "Ines", "Isabela",
    "Jakub", "James", "Jana", "Kai", "Kwame", "Laila", "Lea", "Liam", "Lucía", "Mateo", "Mei",
    "Mohammed", "Nadia", "Noah", "Olivia", "Omar", "Priya", "Rafael", "Ravi", "Sakura",
    "Samuel", "Sofia", "Tariq", "Thabo", "Valentina", "Wei", "Yara", "Yusuf", "Zanele", "Zoe",
)  # fmt: skip
LAST_NAMES = (
    "Adeyemi", "Andersson", "Bauer", "Bianchi", "Castillo", "Chen", "Costa", "Dubois",
    "Dvořák", "Eze", "Fernández", "García", "Haddad", "Hansen", "Ito", "Jensen", "Kapoor",
    "Kim", "Kowalski", "Larsen", "Li", "Mendes", "Moreau", "Müller", "Nakamura", "Nguyen",
    "Novak", "O'Brien", "Okafor", "Park", "Patel", "Rossi", "Santos", "Schmidt", "Silva",
    "Singh", "Tanaka", "Torres", "Van Dijk", "Wang", "Williams", "Yamamoto", "Zhang",
)  # fmt: skip
COMPANIES = (
    "Acme Analytics", "Bluebird Bank", "Cedar Health", "Delta Freight", "Evergreen Energy",
    "Fable Media", "Granite Insurance", "Harbor Logistics", "Indigo Telecom", "Juniper Retail",
    "Kestrel Software", "Lighthouse Learning", "Meridian Travel", "Nimbus Cloud", "Orchid Pharma",
    "Pioneer Manufacturing", "Quartz Fintech", "Redwood Public Services", "Summit Hotels",
    "Tidal Foods", "Umbra Security", "Vertex Automotive", "Willow Non-profit", "Zephyr Sports",
)  # fmt: skip
JOB_TITLES = {
    Role.CUSTOMER: (
        "Marketing Operations Manager", "Email Marketing Specialist", "Demand Generation Lead",
        "CRM Administrator", "Lifecycle Marketing Manager", "Marketing Automation Architect",
        "Digital Campaign Manager", "Customer Success Manager", "Head of Growth",
    ),
    Role.PARTNER: ("Solutions Consultant", "Implementation Lead", "Partner Manager", "Technical Architect"),
    Role.EMPLOYER: ("Talent Acquisition Lead", "Recruiter", "Head of People"),
    Role.COMMUNITY_MANAGER: ("Community Manager", "Community Moderator"),
}  # fmt: skip
BIO_OPENERS = (
    "I run our nurture programs and love a clean lead scoring model.",
    "Ten years in marketing ops, still excited by a well-segmented audience.",
    "Currently migrating our campaigns to a new data model. Ask me how it's going.",
    "I build the dashboards our sales team actually reads.",
    "Happy to share templates for webinar follow-ups.",
    "Focused on deliverability and list hygiene.",
    "I teach our regional teams how to launch campaigns without waiting on IT.",
)
# Role mix of the generated crowd, in percent.
ROLE_WEIGHTS = {Role.CUSTOMER: 82, Role.PARTNER: 9, Role.EMPLOYER: 6, Role.COMMUNITY_MANAGER: 3}
# Where members come from: region code -> weight, then a country of that region.
REGION_WEIGHTS = {"NA": 35, "EMEA": 35, "APAC": 20, "LATAM": 10}


def add_arguments(parser) -> None:
    parser.add_argument(
        "--members", type=int, default=60, help="Generated members besides the demo logins."
    )


@register_seeder(name="members", order=10, add_arguments=add_arguments)
def seed_members(options: dict[str, Any], out: Output) -> None:
    password = make_password(DEMO_PASSWORD)
    groups = {role: Group.objects.get(name=role.value) for role in Role}
    created = _seed_named_accounts(password, groups)
    created += _seed_crowd(options["members"], password, groups)
    out(f"  {created} members added ({User.objects.count()} in all).")


@transaction.atomic
def _seed_named_accounts(password: str, groups: dict[Role, Group]) -> int:
    industries = {industry.slug: industry for industry in Industry.objects.all()}
    created = 0
    for account in NAMED_ACCOUNTS:
        user, is_new = User.objects.get_or_create(
            email=account.email,
            defaults={
                "display_name": account.display_name,
                "username": handle_from_name(account.display_name),
                "password": password,
            },
        )
        if not is_new:
            continue
        created += 1
        Profile.objects.filter(user=user).update(
            industry=industries[account.industry],
            country_id=account.country,
            audience=account.audience,
            company=account.company,
            job_title=account.job_title,
            bio=account.bio,
            bio_html=render_markdown(account.bio),
            approved_posts=ESTABLISHED,
        )
        user.groups.add(groups[account.role])
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
    return created


def _seed_crowd(count: int, password: str, groups: dict[Role, Group]) -> int:
    """Bulk-create `count` generated members; existing ones (by e-mail) are left alone."""
    industries = list(Industry.objects.all())
    countries_by_region: dict[str, list[str]] = {}
    for code, region in Country.objects.values_list("code", "region__code"):
        countries_by_region.setdefault(region, []).append(code)
    existing = set(
        User.objects.filter(email__endswith="@demo.example.com").values_list("email", flat=True)
    )
    taken_handles = {handle.lower() for handle in User.objects.values_list("username", flat=True)}
    now = timezone.now()
    created = 0
    for start in range(0, count, BATCH_SIZE):
        batch = []
        for index in range(start, min(start + BATCH_SIZE, count)):
            person = _generated_person(index, industries, countries_by_region, now)
            if person["email"] in existing:
                continue
            handle = handle_from_name(person["name"], taken=taken_handles.__contains__)
            taken_handles.add(handle)
            batch.append((handle, person))
        created += _create_batch(batch, password, groups)
    return created


def _generated_person(index: int, industries, countries_by_region, now) -> dict[str, Any]:
    # Seeded per index, so member N is the same person however the seeding is split into runs.
    rng = random.Random(index)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    role = rng.choices(list(ROLE_WEIGHTS), weights=list(ROLE_WEIGHTS.values()))[0]
    region = rng.choices(list(REGION_WEIGHTS), weights=list(REGION_WEIGHTS.values()))[0]
    bio = rng.choice(BIO_OPENERS) if rng.random() < 0.7 else ""
    return {
        "email": f"member{index:06d}@demo.example.com",
        "name": f"{first} {last}",
        "role": role,
        "industry": rng.choice(industries),
        "country": rng.choice(countries_by_region[region]),
        "audience": rng.choices(list(Audience), weights=[55, 25, 20])[0],
        "company": rng.choice(COMPANIES),
        "job_title": rng.choice(JOB_TITLES[role]),
        "bio": bio,
        "joined": now - timedelta(days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 1440)),
    }


@transaction.atomic
def _create_batch(batch, password: str, groups: dict[Role, Group]) -> int:
    if not batch:
        return 0
    users = User.objects.bulk_create(
        User(
            username=handle,
            email=person["email"],
            display_name=person["name"],
            password=password,
            date_joined=person["joined"],
        )
        for handle, person in batch
    )
    if not all(user.pk for user in users):  # backends without RETURNING (old SQLite)
        by_email = dict(
            User.objects.filter(email__in=[p["email"] for _, p in batch]).values_list("email", "pk")
        )
        for user in users:
            user.pk = by_email[user.email]
    people = [person for _, person in batch]
    Profile.objects.bulk_create(
        Profile(
            user=user,
            industry=person["industry"],
            country_id=person["country"],
            audience=person["audience"],
            company=person["company"],
            job_title=person["job_title"],
            bio=person["bio"],
            bio_html=render_markdown(person["bio"]) if person["bio"] else "",
            approved_posts=ESTABLISHED,
        )
        for user, person in zip(users, people, strict=True)
    )
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=groups[person["role"]].pk)
        for user, person in zip(users, people, strict=True)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    return len(users)
