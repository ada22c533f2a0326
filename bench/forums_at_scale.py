"""Seed a large community on PostgreSQL and time the forum pages at page 1 and deep pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/community_bench \\
        .venv/bin/python bench/forums_at_scale.py --topics 100000 --replies 1000000

Prints how long seeding took, then for each page the queries it ran and the median time of a
few warm requests. Not a test: numbers depend on the machine.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from community.members.models import User  # noqa: E402
from forums import selectors  # noqa: E402
from forums.models import ForumCategoryPage, Topic  # noqa: E402

SETTINGS = {"ALLOWED_HOSTS": ["testserver"]}


def seed(args) -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command(
        "seed_demo", members=args.members, topics=args.topics, replies=args.replies, verbosity=0
    )
    print(f"seeded in {time.perf_counter() - started:.0f} s: {Topic.objects.count():,} topics")


def cursor_after(pages: int, category=None) -> str:
    cursor = ""
    for _ in range(pages):
        page = selectors.topics_for_listing(viewer=AnonymousUser(), category=category, after=cursor)
        cursor = page.next_cursor
    return cursor


def measure(client: Client, label: str, url: str, runs: int = 7) -> None:
    client.get(url)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    print(
        f"{label:<40} {response.status_code}  {len(captured.captured_queries):>2} queries  "
        f"median {statistics.median(timings):6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--topics", type=int, default=100_000)
    parser.add_argument("--replies", type=int, default=1_000_000)
    parser.add_argument("--deep", type=int, default=500, help="Page number of the deep pages.")
    parser.add_argument("--skip-seed", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL (set DATABASE_URL).")
    if not args.skip_seed:
        seed(args)

    category = (
        ForumCategoryPage.objects.filter(restricted_to__isnull=True)
        .order_by("-topic_count")
        .first()
    )
    busiest = Topic.objects.order_by("-reply_count").first()
    deep_page = max(1, busiest.last_reply_number // selectors.REPLIES_PER_PAGE)
    all_deep = cursor_after(args.deep - 1)
    category_deep = cursor_after(min(args.deep, category.topic_count // 25) - 1, category)

    for who in (None, User.objects.get(email="member@example.com")):
        client = Client()
        if who:
            client.force_login(who)
        print(f"--- {'signed in' if who else 'anonymous'}")
        measure(client, "/forums/ page 1", "/forums/")
        measure(client, f"/forums/ page {args.deep}", f"/forums/?after={all_deep}")
        measure(client, f"{category.title} page 1", category.url)
        measure(client, f"{category.title} deep page", f"{category.url}?after={category_deep}")
        measure(
            client, "category, most kudos, unsolved", f"{category.url}?sort=kudos&state=unsolved"
        )
        measure(
            client,
            f"topic with {busiest.reply_count} replies p1",
            busiest.get_absolute_url() + "?page=1",
        )
        measure(
            client, f"same topic page {deep_page}", f"{busiest.get_absolute_url()}?page={deep_page}"
        )


if __name__ == "__main__":
    main()
