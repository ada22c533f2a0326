"""Demo members: named accounts for each role, the personas who write the forum threads, then
a crowd spread across segments."""

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from community.core.demo import Output
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
    # Hand-written forum threads name their authors by handle (forums/demo_data/).
    handle: str = ""
    # Empty: the zone of the member's country when it has only one (DEMO_TIME_ZONES), else none,
    # as for members who never set it (event times then show in each event's own zone).
    time_zone: str = ""


NAMED_ACCOUNTS = [
    NamedAccount(
        "manager@example.com", "Maya Chen", Role.COMMUNITY_MANAGER, "Northwind", "Community Manager",
        "US", "software-saas", Audience.BOTH,
        "I look after this community. Ask me anything about **getting the most out of it**.", handle="maya-chen",
        time_zone="America/New_York",
    ),
    NamedAccount(
        "member@example.com", "Ana Souza", Role.CUSTOMER, "Lumen Retail", "Marketing Operations Lead",
        "BR", "retail-e-commerce", Audience.B2C,
        "Marketing ops at a retailer in São Paulo. I automate everything I do twice.", handle="ana-souza",
    ),
    NamedAccount(
        "partner@example.com", "Lars Eriksen", Role.PARTNER, "Fjord Consulting", "Principal Consultant",
        "NO", "professional-services", Audience.B2B,
        "Implementation partner for the Nordics. Twelve years of campaign orchestration.", handle="lars-eriksen",
    ),
    NamedAccount(
        "employer@example.com", "Priya Raman", Role.EMPLOYER, "Brightpath Health", "Talent Partner",
        "IN", "healthcare-life-sciences", Audience.B2B,
        "Hiring marketing technologists across APAC.", handle="priya-raman",
    ),
]  # fmt: skip


def _persona(
    handle: str,
    name: str,
    role: Role,
    company: str,
    job_title: str,
    country: str,
    industry: str,
    audience: str,
    bio: str,
) -> NamedAccount:
    return NamedAccount(
        f"{handle.replace('-', '.')}@demo.example.com",
        name,
        role,
        company,
        job_title,
        country,
        industry,
        audience,
        bio,
        handle=handle,
    )


# The zone of the demo's countries that keep one zone; members elsewhere set their own.
DEMO_TIME_ZONES = {
    "AE": "Asia/Dubai", "AR": "America/Argentina/Buenos_Aires", "AT": "Europe/Vienna",
    "BR": "America/Sao_Paulo", "DE": "Europe/Berlin", "DK": "Europe/Copenhagen",
    "ES": "Europe/Madrid", "FR": "Europe/Paris", "GB": "Europe/London", "IE": "Europe/Dublin",
    "IN": "Asia/Kolkata", "NG": "Africa/Lagos", "NL": "Europe/Amsterdam", "NO": "Europe/Oslo",
    "PL": "Europe/Warsaw", "SE": "Europe/Stockholm", "SG": "Asia/Singapore", "TW": "Asia/Taipei",
}  # fmt: skip


# The people who write the demo's forum threads: customers from the stories (same names and
# companies), Northwind staff and partners, across industries, regions and B2B/B2C.
PERSONAS = [
    _persona("dana-whitfield", "Dana Whitfield", Role.CUSTOMER, "Bluebird Bank", "Head of Lending Marketing",
             "US", "financial-services", Audience.BOTH,
             "Mortgage and lending marketing at Bluebird Bank. Lead scores our loan officers trust."),
    _persona("marcus-bell", "Marcus Bell", Role.CUSTOMER, "Cedar Health", "Director of Marketing Operations",
             "US", "healthcare-life-sciences", Audience.B2B,
             "Marketing ops for a network of clinics. Consent first, then everything else."),
    _persona("jonas-weber", "Jonas Weber", Role.CUSTOMER, "Kestrel Software", "Lifecycle Marketing Manager",
             "DE", "software-saas", Audience.B2B,
             "Trial nurture and product signals at Kestrel Software, Berlin. Webhooks are my love language."),
    _persona("sigrid-holm", "Sigrid Holm", Role.CUSTOMER, "Evergreen Energy", "Head of Customer Communication",
             "NL", "energy-utilities", Audience.B2C,
             "1.2 million customers, one migration behind us. Ask me about warming up IPs."),
    _persona("henrik-dahl", "Henrik Dahl", Role.CUSTOMER, "Pioneer Manufacturing", "Marketing Director",
             "DK", "manufacturing", Audience.B2B,
             "Account-based programs for distributors and dealers across Europe."),
    _persona("kenji-watanabe", "Kenji Watanabe", Role.CUSTOMER, "Meridian Travel", "CRM Manager, APAC",
             "SG", "travel-hospitality", Audience.B2C,
             "Nine markets, six languages, one campaign calendar."),
    _persona("chloe-martin", "Chloé Martin", Role.CUSTOMER, "Granite Insurance", "Digital Campaign Manager",
             "FR", "financial-services", Audience.BOTH,
             "Renewals, preference centres and a lot of French legal review."),
    _persona("femi-adebayo", "Femi Adebayo", Role.CUSTOMER, "Tidal Foods", "Loyalty Marketing Manager",
             "GB", "retail-e-commerce", Audience.B2C,
             "Loyalty and in-store journeys at Tidal Foods. QR codes are back, I promise."),
    _persona("rosa-jimenez", "Rosa Jiménez", Role.CUSTOMER, "Indigo Telecom", "CRM Administrator",
             "MX", "telecommunications", Audience.B2C,
             "I keep 4 million subscriber records clean. Mostly."),
    _persona("tomasz-nowak", "Tomasz Nowak", Role.CUSTOMER, "Harbor Logistics", "Marketing Automation Specialist",
             "PL", "other", Audience.B2B,
             "Freight forwarding marketing from Gdańsk. Learning the platform one journey at a time."),
    _persona("grace-okafor", "Grace Okafor", Role.CUSTOMER, "Lighthouse Learning", "Email Marketing Specialist",
             "NG", "education", Audience.BOTH,
             "Student recruitment emails for online courses across West Africa."),
    _persona("ben-carter", "Ben Carter", Role.CUSTOMER, "Nimbus Cloud", "Demand Generation Lead",
             "CA", "software-saas", Audience.B2B,
             "Webinars, events and pipeline. Toronto."),
    _persona("mei-lin", "Mei Lin", Role.CUSTOMER, "Orchid Pharma", "Marketing Automation Architect",
             "TW", "healthcare-life-sciences", Audience.B2B,
             "Eight years building on the platform. I answer API questions for fun."),
    _persona("raj-patel", "Raj Patel", Role.CUSTOMER, "Quartz Fintech", "Head of Growth",
             "IN", "financial-services", Audience.B2C,
             "Growth at a payments app in Bengaluru. If it isn't measured it didn't happen."),
    _persona("lucia-ortega", "Lucía Ortega", Role.CUSTOMER, "Summit Hotels", "Lifecycle Marketing Manager",
             "ES", "travel-hospitality", Audience.B2C,
             "Pre-arrival and post-stay journeys for 40 hotels."),
    _persona("olivia-brown", "Olivia Brown", Role.CUSTOMER, "Willow Non-profit", "Digital Fundraising Manager",
             "AU", "non-profit", Audience.B2C,
             "Fundraising emails on a non-profit budget, Melbourne."),
    _persona("ahmed-haddad", "Ahmed Haddad", Role.CUSTOMER, "Redwood Public Services", "Digital Communications Lead",
             "AE", "public-sector", Audience.B2C,
             "Resident communications for city services."),
    _persona("nora-schmidt", "Nora Schmidt", Role.CUSTOMER, "Fable Media", "Audience Development Manager",
             "AT", "media-entertainment", Audience.B2C,
             "Newsletters and subscriptions for a publisher in Vienna."),
    _persona("diego-rocha", "Diego Rocha", Role.CUSTOMER, "Zephyr Sports", "E-commerce CRM Manager",
             "AR", "retail-e-commerce", Audience.B2C,
             "Running shoes, football kits and far too many flash sales."),
    _persona("emily-tran", "Emily Tran", Role.CUSTOMER, "Acme Analytics", "Marketing Operations Manager",
             "US", "software-saas", Audience.B2B,
             "New to Northwind (and to marketing ops) since this spring."),
    _persona("arjun-mehta", "Arjun Mehta", Role.PARTNER, "Pacific Bridge Consulting", "Technical Architect",
             "AU", "professional-services", Audience.BOTH,
             "Integration partner in Sydney: Connectors, data models and the odd rescue project."),
    _persona("tom-becker", "Tom Becker", Role.COMMUNITY_MANAGER, "Northwind", "Senior Support Engineer",
             "IE", "software-saas", Audience.BOTH,
             "Support engineering in Dublin. I read every sync log you paste here."),
    _persona("sara-lindqvist", "Sara Lindqvist", Role.COMMUNITY_MANAGER, "Northwind", "Product Manager, Journeys",
             "SE", "software-saas", Audience.BOTH,
             "I own the Journeys roadmap. Product ideas land on my desk."),
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
# The customer stories quote "the first demo customer working at" these companies: leave them
# to the personas, so a story's quote names the person who also writes in the forums.
QUOTED_COMPANIES = {
    "Bluebird Bank", "Cedar Health", "Evergreen Energy", "Granite Insurance", "Kestrel Software",
    "Meridian Travel", "Pioneer Manufacturing", "Tidal Foods",
}  # fmt: skip
CROWD_COMPANIES = tuple(company for company in COMPANIES if company not in QUOTED_COMPANIES)
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
    for account in [*NAMED_ACCOUNTS, *PERSONAS]:
        user, is_new = User.objects.get_or_create(
            email=account.email,
            defaults={
                "display_name": account.display_name,
                # The written handle when it is free (an older crowd may hold it).
                "username": handle_from_name(account.handle or account.display_name),
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
            time_zone=account.time_zone or DEMO_TIME_ZONES.get(account.country, ""),
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
        "company": rng.choice(CROWD_COMPANIES),
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
