"""The job board at scale on PostgreSQL: /careers/ with its filters and a job's page, with
50,000 jobs and 500,000 applications.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/community_ca_bench \\
        .venv/bin/python bench/careers_at_scale.py
    .venv/bin/python bench/careers_at_scale.py --skip-seed --runs 30

1. Unless `--skip-seed`, the demo's members (`--members`, 2,000) and the careers demo are seeded.
2. Companies are grown to `--companies` (600), jobs to `--jobs` (50,000: four in five open, the
   rest closed, expired or drafts, posted over the last 60 days across every region, remote or
   not, with salaries, skills and one to three places) and applications to `--applications`
   (500,000, a few dozen per job from distinct members, in every stage). Rows are written in
   bulk; the jobs' search entries are built once (`--skip-index` leaves them as they are).
3. `/careers/` (page 1, a deep page, each filter, a mix of filters, keywords) and the page of the
   job with the most applications are timed, anonymous and signed in: queries per request and
   the median, p95 and max of `--runs` (15) warm requests. Last, `EXPLAIN ANALYZE` of the
   listing's slowest statement.

Not a test: the figures depend on the machine (and on who else uses it).
"""

import argparse
import datetime
import os
import random
import time

# The bench folder is on sys.path when a script in it runs.
from bench_database import scale_parser, seed_demo, start_django, use_project
from bench_pages import signed_in_and_out, time_page

use_project("postgres://postgres@127.0.0.1:5432/community_ca_bench")

BATCH = 5_000
TITLES = (
    "Marketing Operations Manager", "Lifecycle Marketing Specialist", "CRM Campaign Manager",
    "Marketing Automation Consultant", "Email Deliverability Engineer", "Demand Generation Lead",
    "Customer Success Manager", "Solutions Architect", "Growth Marketing Analyst",
    "Integration Engineer", "Loyalty CRM Executive", "Head of Customer Marketing",
)  # fmt: skip
SKILLS = (
    "Journeys", "Campaign Studio", "Lead Scoring", "Connectors", "Insights", "SQL", "Python",
    "Salesforce", "Email deliverability", "Segmentation", "Webhooks", "A/B testing",
)  # fmt: skip
CITIES = (
    ("Berlin", "DE"), ("London", "GB"), ("Dublin", "IE"), ("Amsterdam", "NL"), ("Oslo", "NO"),
    ("Toronto", "CA"), ("Seattle", "US"), ("Charlotte", "US"), ("São Paulo", "BR"),
    ("Mexico City", "MX"), ("Singapore", "SG"), ("Bengaluru", "IN"), ("Sydney", "AU"),
    ("Tokyo", "JP"),
)  # fmt: skip
CURRENCY = {"DE": "EUR", "IE": "EUR", "NL": "EUR", "GB": "GBP", "NO": "NOK", "CA": "CAD",
            "US": "USD", "BR": "BRL", "MX": "USD", "SG": "SGD", "IN": "INR", "AU": "AUD",
            "JP": "JPY"}  # fmt: skip
REMOTE_SETS = (("DE", "AT", "NL"), ("US", "CA"), ("BR", "MX", "AR"), ("SG", "MY"), ("GB", "IE"))
STAGES = ("new", "new", "reviewing", "reviewing", "interview", "offer", "hired", "rejected")


def parse_args() -> argparse.Namespace:
    parser = scale_parser(__doc__, members=2_000, runs=15)
    parser.add_argument("--companies", type=int, default=600)
    parser.add_argument("--jobs", type=int, default=50_000)
    parser.add_argument("--applications", type=int, default=500_000)
    parser.add_argument("--skip-index", action="store_true")
    return parser.parse_args()


# --- Seeding ----------------------------------------------------------------------------------


def grow_companies(target: int) -> list[int]:
    from careers.models import Company
    from community.members.models import Industry, Region

    missing = target - Company.objects.count()
    if missing > 0:
        industries = list(Industry.objects.all())
        regions = list(Region.objects.all())
        start = Company.objects.count()
        Company.objects.bulk_create(
            Company(
                name=f"Bench Company {start + number}",
                slug=f"bench-company-{start + number}",
                industry=industries[number % len(industries)],
                region=regions[number % len(regions)],
                description_source="A company that hires people who know the platform.",
                description_html="<p>A company that hires people who know the platform.</p>",
                approved_postings=5,
            )
            for number in range(missing)
        )
    return list(Company.objects.values_list("pk", flat=True))


def grow_jobs(target: int, companies: list[int]) -> None:
    """Jobs with their places, remote countries and skills, written in bulk."""
    from django.db import transaction
    from django.utils import timezone

    from careers.models import PERIODS_PER_YEAR, JobLocation, JobPosting, JobSkill, TaggedJob
    from community.members.models import Industry

    missing = target - JobPosting.objects.count()
    if missing <= 0:
        return
    started = time.perf_counter()
    rng = random.Random(50)
    industries = list(Industry.objects.values_list("pk", flat=True))
    skills = [
        JobSkill.objects.get_or_create(name=name, defaults={"slug": JobSkill().slugify(name)})[0]
        for name in SKILLS
    ]
    now = timezone.now()
    today = timezone.localdate()
    Remote = JobPosting.remote_countries.through
    made = 0
    with transaction.atomic():
        while made < missing:
            count = min(BATCH, missing - made)
            postings, places = [], []
            for _ in range(count):
                city, country = rng.choice(CITIES)
                roll = rng.random()
                status = "open" if roll < 0.8 else "closed" if roll < 0.93 else "draft"
                posted = now - datetime.timedelta(days=rng.uniform(0, 60))
                remote = rng.random() < 0.25
                low = rng.choice((40_000, 55_000, 70_000, 90_000)) if rng.random() < 0.7 else None
                title = rng.choice(TITLES)
                postings.append(
                    JobPosting(
                        company_id=rng.choice(companies),
                        title=title,
                        slug=title.lower().replace(" ", "-").replace(",", ""),
                        description_source="Own our nurture programmes end to end.",
                        description_html="<p>Own our nurture programmes end to end.</p>",
                        workplace_type="remote" if remote else rng.choice(("on_site", "hybrid")),
                        employment_type=rng.choice(
                            ("full_time",) * 6 + ("part_time", "contractor", "intern")
                        ),
                        seniority=rng.choice(
                            ("entry", "mid", "mid", "senior", "senior", "lead", "director")
                        ),
                        industry_id=rng.choice(industries),
                        salary_min=low,
                        salary_max=low + 15_000 if low else None,
                        salary_currency=CURRENCY[country] if low else "",
                        salary_max_yearly=(low + 15_000) * PERIODS_PER_YEAR["year"]
                        if low
                        else None,
                        status=status,
                        created_at=posted,
                        posted_at=None if status == "draft" else posted,
                        # One in twenty open jobs is past its date (expired, not yet closed).
                        closes_on=today
                        + datetime.timedelta(
                            days=rng.randint(-5, 60) if rng.random() < 0.05 else rng.randint(1, 60)
                        ),
                        closed_at=posted if status == "closed" else None,
                    )
                )
                places.append((remote, city, country))
            created = JobPosting.objects.bulk_create(postings)
            JobLocation.objects.bulk_create(
                JobLocation(posting=job, city=city, country_id=country)
                for job, (remote, city, country) in zip(created, places, strict=True)
                if not remote
            )
            Remote.objects.bulk_create(
                Remote(jobposting_id=job.pk, country_id=code)
                for job, (remote, _city, _country) in zip(created, places, strict=True)
                if remote
                for code in rng.choice(REMOTE_SETS)
            )
            TaggedJob.objects.bulk_create(
                TaggedJob(content_object=job, tag=skill)
                for job in created
                for skill in rng.sample(skills, rng.randint(1, 4))
            )
            made += count
            print(f"  {made:,} / {missing:,} jobs", end="\r", flush=True)
    print(f"{made:,} jobs added in {time.perf_counter() - started:.0f} s        ")


def grow_applications(target: int) -> None:
    """Applications from distinct members, a few dozen per job, in every stage, then each job's
    application counter set from its rows."""
    from django.db import connection, transaction
    from django.utils import timezone

    from careers.models import Application, JobPosting
    from community.members.models import User

    missing = target - Application.objects.count()
    if missing <= 0:
        return
    started = time.perf_counter()
    rng = random.Random(500)
    members = list(User.objects.filter(is_active=True).values_list("pk", flat=True))
    jobs = list(JobPosting.objects.exclude(status="draft").values_list("pk", flat=True))
    per_job = min(len(members), missing // len(jobs) + 1)
    already = set(Application.objects.values_list("job_id", flat=True).distinct())
    now = timezone.now()
    made = 0
    with transaction.atomic():
        rows = []
        for job_id in jobs:
            if job_id in already:
                continue
            for member_id in rng.sample(members, min(per_job, missing - made - len(rows))):
                rows.append(
                    Application(
                        job_id=job_id,
                        applicant_id=member_id,
                        cv=f"bench/{job_id}-{member_id}.pdf",
                        cv_name="CV.pdf",
                        cv_size=120_000,
                        cover_letter="I have run nurture programmes on the platform for four years.",
                        stage=rng.choice(STAGES),
                        created_at=now - datetime.timedelta(days=rng.uniform(0, 30)),
                    )
                )
            if len(rows) >= BATCH:
                Application.objects.bulk_create(rows)
                made += len(rows)
                rows = []
                print(f"  {made:,} / {missing:,} applications", end="\r", flush=True)
            if made + len(rows) >= missing:
                break
        Application.objects.bulk_create(rows)
        made += len(rows)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE careers_jobposting SET application_count = counted.n FROM "
                "(SELECT job_id, COUNT(*) AS n FROM careers_application GROUP BY job_id) AS counted "
                "WHERE counted.job_id = careers_jobposting.id"
            )
    print(f"{made:,} applications added in {time.perf_counter() - started:.0f} s          ")


def index_jobs() -> None:
    from community.search import indexing

    started = time.perf_counter()
    indexed = indexing.rebuild(kinds=["job"], batch_size=1_000)
    print(f"{indexed:,} job search entries built in {time.perf_counter() - started:.0f} s")


# --- The pages --------------------------------------------------------------------------------


def pages(args) -> None:
    from django.db import connection

    from careers.models import Application, JobPosting
    from careers.selectors import JOBS_PER_PAGE
    from community.members.models import User

    live = JobPosting.objects.live().count()
    busiest = JobPosting.objects.live().order_by("-application_count").first()
    deep = max(1, live // JOBS_PER_PAGE // 2)
    print(
        f"--- pages: {JobPosting.objects.count():,} jobs ({live:,} open and listed), "
        f"{Application.objects.count():,} applications; busiest job "
        f"{busiest.application_count} applications"
    )
    member = User.objects.filter(email="member@example.com").first() or User.objects.first()
    cases = [
        ("/careers/", "/careers/"),
        (f"/careers/ page {deep}", f"/careers/?page={deep}"),
        ("country DE (based or remote)", "/careers/?country=DE"),
        ("region EMEA", "/careers/?region=EMEA"),
        ("remote only", "/careers/?remote=1"),
        ("type contract", "/careers/?type=contractor"),
        ("seniority senior", "/careers/?seniority=senior"),
        ("industry software", "/careers/?industry=software-saas"),
        ("salary from 80,000", "/careers/?salary=80000"),
        ("posted this week", "/careers/?posted=7"),
        ("skill SQL", "/careers/?skill=sql"),
        (
            "mix: EMEA, remote, senior, 60k, week",
            "/careers/?region=EMEA&remote=1&seniority=senior&salary=60000&posted=7",
        ),
        ("keywords: lifecycle", "/careers/?q=lifecycle"),
        ("keywords + filters", "/careers/?q=marketing+automation&country=US&salary=50000"),
        ("job page, most applications", busiest.get_absolute_url()),
        ("company page", busiest.company.get_absolute_url()),
    ]
    slowest: list = []
    for _who, client in signed_in_and_out(member):
        for label, url in cases:
            for query in time_page(client, label, url, args.runs):
                slowest.append((float(query["time"]), query["sql"]))
    # The cases above repeat one URL, so keyword searches after the first come from the
    # board's short cache of matched ids; these ask the community search every time.
    print("  keywords asked of the search every time (the ids' cache emptied before each)")
    for label, url in cases:
        if "keywords" in label:
            time_page(UncachedKeywords(), f"{label}, uncached", url, args.runs)
    seconds, statement = max(slowest)
    print(f"--- slowest statement ({seconds * 1000:.1f} ms):\n{statement[:600]}")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}")
        print("\n".join(row[0] for row in cursor.fetchall()))


class UncachedKeywords:
    """A test client that forgets the board's kept keyword matches before each request."""

    def __init__(self) -> None:
        from django.test import Client

        self.client = Client()

    def get(self, url: str):
        from django.core.cache import cache

        if hasattr(cache, "delete_pattern"):
            cache.delete_pattern("careers:keyword-matches:*")
        else:
            cache.clear()
        return self.client.get(url)


def main() -> None:
    args = parse_args()
    created = start_django(os.environ["DATABASE_URL"])
    from django.db import connection

    if created or not args.skip_seed:
        seed_demo(members=args.members, only=["members", "careers"])
    # Each only adds what is missing, so a second run goes straight to the timings.
    companies = grow_companies(args.companies)
    grow_jobs(args.jobs, companies)
    grow_applications(args.applications)
    with connection.cursor() as cursor:
        # VACUUM too: the board's counts are index-only scans, which need the visibility map
        # that autovacuum would otherwise set some time after the bulk writes.
        cursor.execute(
            "VACUUM ANALYZE careers_jobposting, careers_joblocation, careers_taggedjob, "
            "careers_application, careers_jobposting_remote_countries, members_country"
        )
    if not args.skip_index:
        index_jobs()
    pages(args)


if __name__ == "__main__":
    main()
