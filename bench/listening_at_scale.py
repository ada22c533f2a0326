"""Pulse surveys at scale on PostgreSQL: 5,000 members asked four surveys, 20,000 answers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/community_li_bench \\
        .venv/bin/python bench/listening_at_scale.py
    .venv/bin/python bench/listening_at_scale.py --skip-seed --runs 25

Unless `--skip-seed`, the demo's members (`--members`, 5,000) are seeded, then `--surveys` (4)
surveys launched to every member, a quarter apart, each answered by every member (20,000
answers), four in five with a reason from the demo's own reasons. Rows are written in bulk,
as the services write them.

Then it times, as the demo's community manager: a survey's results page (unfiltered, and its
reasons filtered to detractors in one industry), the answers CSV; as a member, a page with the
survey prompt (cached, and with the cache emptied); and, once each, the sentiment backfill of
every reason and the dashboard rollup of the listening numbers over the year: queries per
request and the median, p95 and max of `--runs` (15) warm requests.

Not a test: the figures depend on the machine (and on who else uses it).
"""

import argparse
import os
import random
import time
from datetime import timedelta

# The bench folder is on sys.path when a script in it runs.
from bench_database import ensure_database, scale_parser, seed_demo, use_project

use_project("postgres://postgres@127.0.0.1:5432/community_li_bench")

from bench_pages import time_page as measure  # noqa: E402  (the shared page timing)

MANAGER_EMAIL = "manager@example.com"
MEMBER_EMAIL = "member@example.com"


def parse_args() -> argparse.Namespace:
    parser = scale_parser(__doc__, members=5_000, runs=15)
    parser.add_argument("--surveys", type=int, default=4)
    return parser.parse_args()


def seed(args) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from community.listening import demo, services
    from community.listening.models import Invitation, Response, Survey
    from community.members.models import User

    started = time.perf_counter()
    seed_demo(members=args.members, only=["members"])
    manager = User.objects.get(email=MANAGER_EMAIL)
    reasons = demo.load()["reasons"]
    pools = {
        "promoter": reasons["promoter"],
        "passive": reasons["passive"],
        "detractor": reasons["detractor"] + reasons["unhappy_detractor"],
    }
    members = list(User.objects.filter(is_active=True).values_list(*services.SEGMENT_COLUMNS))
    rng = random.Random(21)
    now = timezone.now()
    for index in range(args.surveys):
        opens = now - timedelta(days=90 * (args.surveys - index))
        title = f"Bench pulse {index + 1}"
        if Survey.objects.filter(title=title).exists():
            continue
        with transaction.atomic():
            survey = Survey.objects.create(
                title=title,
                product_name="Northwind",
                opens_at=opens,
                closes_at=opens + timedelta(days=30),
                status=Survey.Status.LAUNCHED,
                created_by=manager,
                launched_by=manager,
                launched_at=opens,
                invited_count=len(members),
                answer_count=len(members),
            )
            Invitation.objects.bulk_create(
                services.invitations(
                    survey.pk, members, created_at=opens, answered_at=opens + timedelta(days=1)
                )
            )
            answers = []
            for pk, industry, region, audience in members:
                score = rng.choices(range(11), weights=[1, 1, 1, 2, 2, 3, 5, 10, 16, 24, 22])[0]
                group = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
                reason = rng.choice(pools[group]) if rng.random() < 0.8 else ""
                answers.append(
                    Response(
                        survey=survey,
                        member_id=pk,
                        score=score,
                        reason=reason,
                        industry_id=industry,
                        region_id=region,
                        audience=audience or "",
                        created_at=opens + timedelta(minutes=rng.randrange(30 * 24 * 60)),
                    )
                )
            Response.objects.bulk_create(answers, batch_size=5000)
    # An open survey for the member page's prompt.
    if not Survey.objects.filter(title="Bench pulse, open").exists():
        Survey.objects.create(
            title="Bench pulse, open",
            product_name="Northwind",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=13),
            status=Survey.Status.LAUNCHED,
            created_by=manager,
            invited_count=1,
        )
        member = User.objects.get(email=MEMBER_EMAIL)
        Invitation.objects.create(
            survey=Survey.objects.get(title="Bench pulse, open"), member=member
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh row estimates after the bulk load
    print(f"seeded in {time.perf_counter() - started:.0f} s: {Response.objects.count():,} answers")


def once(label: str, action) -> None:
    started = time.perf_counter()
    result = action()
    print(f"    {label:<44} {time.perf_counter() - started:7.1f} s  ({result})")


def run(args) -> None:
    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from community.insight.sources import Period
    from community.listening import insight, services
    from community.listening.models import Response, Survey
    from community.members.models import Industry, User

    survey = Survey.objects.filter(title__startswith="Bench pulse ").order_by("-opens_at").first()
    answers = Response.objects.filter(survey=survey).count()
    industry = Industry.objects.order_by("sort_order").first()
    manager, member = Client(), Client()
    manager.force_login(User.objects.get(email=MANAGER_EMAIL))
    member.force_login(User.objects.get(email=MEMBER_EMAIL))
    results = f"/admin/pulse-surveys/results/{survey.pk}/"
    print(f"  survey of {answers:,} answers ({Response.objects.count():,} in all)")
    measure(manager, "results page", results, args.runs)
    measure(
        manager,
        "results, detractors of one industry",
        f"{results}?category=detractor&industry={industry.pk}",
        args.runs,
    )
    measure(manager, "answers CSV", f"{results}answers.csv", max(3, args.runs // 5))
    measure(
        member, "member page with the prompt (cached)", "/notifications/preferences/", args.runs
    )

    class Uncached:
        def get(self, url):
            cache.clear()
            return member.get(url)

    measure(
        Uncached(),
        "member page with the prompt (cache empty)",
        "/notifications/preferences/",
        args.runs,
    )

    once("sentiment backfill of every reason", lambda: services.backfill(kinds=["survey_reason"]))
    once(
        "sentiment backfill again (nothing to do)",
        lambda: services.backfill(kinds=["survey_reason"]),
    )
    today = timezone.localdate()
    year = Period(today - timedelta(days=365), today)
    once(
        "dashboard rollup of listening, one year",
        lambda: f"{sum(1 for _ in insight.rollup(year.start, year.end)):,} rows",
    )


def main() -> None:
    args = parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    if not args.skip_seed:
        seed(args)
    run(args)


if __name__ == "__main__":
    main()
