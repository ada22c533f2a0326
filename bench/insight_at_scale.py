"""Seed a large community on PostgreSQL, time the insight rollup, then the community health
dashboard for several filter combinations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/community_in_bench \\
        .venv/bin/python bench/insight_at_scale.py --members 5000 --replies 1000000 --answers 20000

Prints how long seeding and the rollup took, then for each dashboard address the queries it ran,
the median of a few warm requests, and how much of one request's SQL time went into reading the
rollups. Not a test: numbers depend on the machine.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

import django  # noqa: E402

django.setup()

from bench_database import add_forum_volume_arguments  # noqa: E402
from bench_pages import time_page  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from community.insight import rollup  # noqa: E402
from community.insight.models import (  # noqa: E402
    DailyMember,
    DailyRollup,
    DailyTerm,
    MonthlyMember,
)
from community.listening.models import Response, Survey  # noqa: E402
from community.members.models import Industry, Profile, Region, User  # noqa: E402
from community.members.roles import Role  # noqa: E402
from forums.models import Reply  # noqa: E402

RUNS = 7

REASONS = [
    "Support answered within the hour and the fix worked.",
    "The journey builder saves us hours every week.",
    "Reporting is still too slow for our board meetings.",
    "Too many clicks to build a simple segment.",
    "",
]


def seed(args) -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command(
        "seed_demo", "--only", "members", "forums", "recent-questions",
        members=args.members, topics=args.topics, replies=args.replies, verbosity=0,
    )  # fmt: skip
    print(f"seeded the forums in {time.perf_counter() - started:.0f} s")
    _seed_answers(args.answers)


def _seed_answers(wanted: int) -> None:
    """Survey answers spread over four quarterly surveys and the members' segments."""
    have = Response.objects.count()
    if have >= wanted:
        return
    rng = random.Random(21)
    now = timezone.now()
    segments = list(
        Profile.objects.filter(user__is_active=True).values_list(
            "user_id", "industry_id", "country__region_id", "audience"
        )
    )
    rows = []
    for quarter in range(4):
        opens = now - timedelta(days=90 * (quarter + 1))
        survey, _ = Survey.objects.get_or_create(
            title=f"Quarterly pulse {quarter + 1} (bench)",
            defaults={
                "opens_at": opens,
                "closes_at": opens + timedelta(days=30),
                "status": Survey.Status.LAUNCHED,
            },
        )
        members = rng.sample(segments, min(len(segments), (wanted - have) // 4 + 1))
        for member_id, industry_id, region_id, audience in members:
            rows.append(
                Response(
                    survey=survey,
                    member_id=member_id,
                    score=rng.choices(range(11), weights=[1, 1, 1, 2, 2, 3, 4, 6, 8, 8, 6])[0],
                    reason=rng.choice(REASONS),
                    created_at=opens + timedelta(days=rng.uniform(0, 29)),
                    industry_id=industry_id,
                    region_id=region_id,
                    audience=audience,
                )
            )
    Response.objects.bulk_create(rows[: wanted - have], batch_size=2000, ignore_conflicts=True)
    print(f"survey answers: {Response.objects.count():,}")


def time_rollup(days: int) -> None:
    since = timezone.localdate() - timedelta(days=days)
    started = time.perf_counter()
    run = rollup.recompute(since=since)
    took = time.perf_counter() - started
    print(f"rollup of {days} days: {took:.1f} s, {run.rows:,} rows written")
    print(
        f"stored: {DailyRollup.objects.count():,} numbers, {DailyMember.objects.count():,} "
        f"member-days, {MonthlyMember.objects.count():,} member-months, "
        f"{DailyTerm.objects.count():,} term-days"
    )


def time_rollup_reads(client: Client, url: str) -> None:
    """One more request, telling the time its statements on the insight's own tables took
    from the rest (the admin's menu, the worklist): the part the rollups' design answers for."""
    spent: list[tuple[float, bool]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append((time.perf_counter() - started, '"insight_' in sql))

    with connection.execute_wrapper(timed):
        client.get(url)
    ours = [seconds for seconds, insight in spent if insight]
    print(
        f"      of which SQL {sum(s for s, _ in spent) * 1000:.0f} ms, reading the rollups "
        f"{sum(ours) * 1000:.0f} ms in {len(ours)} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_forum_volume_arguments(parser)
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--rollup-days", type=int, default=730, help="Days the rollup rewrites.")
    parser.add_argument("--skip-rollup", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL (set DATABASE_URL).")
    if not args.skip_seed:
        seed(args)
    print(
        f"{User.objects.count():,} members, {Reply.objects.count():,} replies, "
        f"{Response.objects.count():,} survey answers"
    )
    if not args.skip_rollup:
        time_rollup(args.rollup_days)

    manager = User.objects.filter(groups__name=Role.COMMUNITY_MANAGER.value).first()
    retail = Industry.objects.get(slug="retail-e-commerce")
    software = Industry.objects.get(slug="software-saas")
    latam, emea = Region.objects.get(code="LATAM"), Region.objects.get(code="EMEA")
    url = reverse("insight_dashboard")
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(manager)
        for label, query in [
            ("everyone, last 30 days", "period=30"),
            ("everyone, last 90 days, rows by region", "period=90&rows=region"),
            ("retail in LATAM, 30 days", f"period=30&industry={retail.pk}&region={latam.pk}"),
            (
                "two industries, EMEA, B2B, customers, 90 d",
                f"period=90&industry={retail.pk}&industry={software.pk}&region={emea.pk}"
                "&audience=b2b&role=Customer",
            ),
            ("a quarter, sorted by first reply", "period=quarter&sort=forums.first_reply&order=desc"),
            ("custom: a whole year, by month", f"period=custom&start={timezone.localdate() - timedelta(days=364)}&end={timezone.localdate()}"),
        ]:  # fmt: skip
            time_page(client, label, f"{url}?{query}", RUNS)
            time_rollup_reads(client, f"{url}?{query}")
        time_page(
            client,
            "list behind questions asked, retail LATAM",
            f"{reverse('insight_drilldown')}?metric=forums.questions&period=90"
            f"&industry={retail.pk}&region={latam.pk}",
            RUNS,
        )


if __name__ == "__main__":
    main()
