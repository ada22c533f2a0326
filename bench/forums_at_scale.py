"""Seed a large community on PostgreSQL and time the forum pages at page 1 and deep pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/community_bench \\
        .venv/bin/python bench/forums_at_scale.py --topics 100000 --replies 1000000

Prints how long seeding took, then for each page the queries it ran and the median, p95 and max
of `--runs` warm requests. Not a test: numbers depend on the machine.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

import django  # noqa: E402

django.setup()

from bench_database import add_forum_volume_arguments  # noqa: E402
from bench_pages import signed_in_and_out, time_page  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_forum_volume_arguments(parser)
    parser.add_argument("--deep", type=int, default=500, help="Page number of the deep pages.")
    parser.add_argument("--runs", type=int, default=7, help="Warm requests timed per page.")
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

    member = User.objects.get(email="member@example.com")
    for _who, client in signed_in_and_out(member, heading="--- "):
        time_page(client, "/forums/ page 1", "/forums/", args.runs)
        time_page(client, f"/forums/ page {args.deep}", f"/forums/?after={all_deep}", args.runs)
        time_page(client, f"{category.title} page 1", category.url, args.runs)
        deep_category = f"{category.url}?after={category_deep}"
        time_page(client, f"{category.title} deep page", deep_category, args.runs)
        unsolved = f"{category.url}?sort=kudos&state=unsolved"
        time_page(client, "category, most kudos, unsolved", unsolved, args.runs)
        topic_url = busiest.get_absolute_url()
        time_page(
            client, f"topic with {busiest.reply_count} replies p1", f"{topic_url}?page=1", args.runs
        )
        deep_topic = f"{topic_url}?page={deep_page}"
        time_page(client, f"same topic page {deep_page}", deep_topic, args.runs)


if __name__ == "__main__":
    main()
