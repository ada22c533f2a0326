"""What one render of each hot page costs, in-process, through the Django test client.

    DATABASE_URL=sqlite:////tmp/render_cost.sqlite3 .venv/bin/python bench/render_cost.py --seed
    DATABASE_URL=sqlite:////tmp/render_cost.sqlite3 .venv/bin/python bench/render_cost.py --runs 30

Prints, for each page and each visitor (anonymous, then member@example.com signed in), the
status, the SQL queries, the page size and the median wall and CPU milliseconds per request.
With --save DIR it also writes each page's HTML there (CSRF tokens blanked), so the pages of two
checkouts on the same database can be compared: a cheaper page must say the same thing.
CPU time (this process only) is the figure to compare when other work shares the machine, and
the Python function calls of one request (counted with cProfile) the one that does not move at all.
Not a test: numbers depend on the machine.
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
# Production's template engine and middleware, without needing collected static files.
os.environ.setdefault("DEBUG", "off")
os.environ.setdefault("SECRET_KEY", "render-cost-bench")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

# Static files are served from the finders here: no collected directory is needed.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402
from bench_database import add_forum_volume_arguments  # noqa: E402
from django.conf import settings  # noqa: E402

settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from community.members.models import User  # noqa: E402
from forums import selectors  # noqa: E402
from forums.models import ForumCategoryPage, ForumTag, Topic  # noqa: E402


def seed(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command(
        "seed_demo", members=args.members, topics=args.topics, replies=args.replies, verbosity=0
    )
    print(f"seeded in {time.perf_counter() - started:.0f} s: {Topic.objects.count():,} topics")


def cursor_after(pages: int, category: ForumCategoryPage) -> str:
    cursor = ""
    for _ in range(pages):
        page = selectors.topics_for_listing(viewer=AnonymousUser(), category=category, after=cursor)
        cursor = page.next_cursor
    return cursor


def pages(deep: int) -> list[tuple[str, str]]:
    category = (
        ForumCategoryPage.objects.live()
        .filter(restricted_to__isnull=True)
        .order_by("-topic_count")
        .first()
    )
    topic = (
        Topic.objects.filter(reply_count__gte=20, category=category, visibility="published")
        .order_by("reply_count", "pk")
        .first()
    )
    tag = ForumTag.objects.annotate(uses=Count("tagged_topics")).order_by("-uses").first()
    deep_cursor = cursor_after(min(deep, max(1, category.topic_count // 25)) - 1, category)
    from community.stories.pages import StoryIndexPage

    stories = StoryIndexPage.objects.live().first()
    listed = [
        ("/forums/", "/forums/"),
        ("category page 1", category.url),
        ("category deep page", f"{category.url}?after={deep_cursor}"),
        (f"topic, {topic.reply_count} replies, p1", topic.get_absolute_url()),
        (f"tag {tag.slug}", reverse("forums:tag", args=[tag.slug])),
        ("search results", "/search/?q=data"),
        ("home", "/"),
    ]
    if stories:
        listed.append(("stories index", stories.url))
    return listed


def python_calls(client: Client, url: str) -> int:
    """Python function calls in one request: steady whatever else runs on the machine."""
    profile = cProfile.Profile()
    profile.runcall(client.get, url, secure=True)
    return pstats.Stats(profile).total_calls


CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=|name="csrf-token" content=)"[^"]*"')


def save(folder: Path, visitor: str, label: str, html: bytes) -> None:
    name = re.sub(r"\W+", "-", f"{visitor} {label}").strip("-")
    text = CSRF_TOKEN.sub(r'\1""', html.decode())
    (folder / f"{name}.html").write_text(text, encoding="utf-8")


def measure(client: Client, label: str, url: str, runs: int) -> bytes:
    client.get(url, secure=True)  # warm: templates compiled, caches filled
    calls = python_calls(client, url)
    walls, cpus = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url, secure=True)
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
    print(
        f"{label:<34} {response.status_code}  {len(captured.captured_queries):>2} q "
        f"{len(response.content) / 1024:6.1f} KB  "
        f"wall {statistics.median(walls):6.1f} ms  cpu {statistics.median(cpus):6.1f} ms  "
        f"{calls / 1000:6.1f}k calls",
        flush=True,
    )
    return response.content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", action="store_true", help="Migrate and seed first.")
    add_forum_volume_arguments(parser, members=300, topics=3000, replies=20_000, skip_seed=False)
    parser.add_argument("--deep", type=int, default=40, help="Page number of the deep page.")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", help="Only pages whose label contains this text.")
    parser.add_argument("--anonymous-only", action="store_true")
    parser.add_argument("--save", type=Path, help="Write each page's HTML into this folder.")
    args = parser.parse_args()
    if args.seed:
        seed(args)

    listed = [
        (label, url) for label, url in pages(args.deep) if not args.only or args.only in label
    ]
    visitors = [None] if args.anonymous_only else [None, "member@example.com"]
    for email in visitors:
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        print(f"--- {'signed in' if email else 'anonymous'}")
        for label, url in listed:
            html = measure(client, label, url, args.runs)
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                save(args.save, "member" if email else "anonymous", label, html)


if __name__ == "__main__":
    main()
