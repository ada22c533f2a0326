"""Seed a large community on PostgreSQL, build the search index and time faceted search on it.

    .venv/bin/python bench/search_at_scale.py                      # 100,000 topics, 1,000,000 replies
    .venv/bin/python bench/search_at_scale.py --skip-seed --skip-index --runs 10

The database comes from DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/community_bench_search); it is created if missing and
migrated. Unless --skip-seed, `seed_demo --only members forums` grows the community to
--members, --topics and --replies (the seeder only adds what is missing). Unless --skip-index,
`community.search.indexing.rebuild()` then builds the search index from the forum tables. The
search tables are analysed either way.

Then it times a mix of searches a member would run, as an anonymous visitor and as a signed-in
customer: `services.search()` for one- to three-word queries made of words the demo posts use
(common, medium and rare), by relevance and newest first, with no facet, an industry, an
industry and a tag, solved only, a date range, page 1 and page 40, browsing a tag with no
query, a query nothing matches and one whose words never occur together (the match-any
retry); `services.suggest()` for a few prefixes and `services.similar()` for a question title.
When /search/ is served by the search app, the same searches are also timed as pages through
the test client. Each case is warmed up, then run --runs times: it prints p50, p95 and max in
ms, the SQL queries per call and the result count, then the p95 over every faceted search
sample together, and EXPLAIN (ANALYZE, BUFFERS) of the --explain slowest statements seen.

Not a test: numbers depend on the machine and on the PostgreSQL settings. The database stays.
"""

import argparse
import math
import os
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

# The bench folder is on sys.path when a script in it runs.
from bench_database import ensure_database, scale_parser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/community_bench_search"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

WARM_UP = 2
DEEP_PAGE = 40
SEARCH_TABLES = ("search_entry", "search_entry_tag", "search_entry_group")

# Words from forums/demo.py. Each question or discussion title is on about 5% of the topics,
# each topic body on 20%, each reply body on 10% of the replies, each tag on about 10% of the
# topics and of their replies (replies carry their topic's tags).
COMMON = "webinar"  # a title, a topic body, a reply body and a tag
COMMON_PAIR = "api limits"  # a title, a reply body, a tag
MEDIUM_PAIR = "salesforce sync"  # a title and a tag; "sync" in a topic body
MEDIUM_TRIPLE = "dynamic content industry"  # a title; two of the words in a reply body
RARE = "promotions"  # one question title only
RARE_PAIR = "dedupe contacts"  # one question title
NO_MATCH = "kubernetes helm"
NEVER_TOGETHER = "dedupe throttle"  # two different titles: no topic has both words
# A question title as a member would type it when asking (similar() matches any word).
SIMILAR_TITLE = "How do I throttle sends to protect our domain reputation?"
SUGGEST_PREFIXES = ("we", "webi", "sales")
INDUSTRY = "software-saas"
TAG = "webinars"
SECOND_TAG = "api"


def parse_args() -> argparse.Namespace:
    parser = scale_parser(__doc__, members=5000, runs=30)
    parser.add_argument("--topics", type=int, default=100_000)
    parser.add_argument("--replies", type=int, default=1_000_000)
    parser.add_argument(
        "--batch-size", type=int, default=1000, help="Documents per rebuild() batch."
    )
    parser.add_argument("--skip-index", action="store_true", help="Use the index already there.")
    parser.add_argument(
        "--skip-pages", action="store_true", help="Time the service functions only."
    )
    parser.add_argument(
        "--explain",
        type=int,
        default=3,
        help="EXPLAIN (ANALYZE, BUFFERS) the N slowest statements seen (0: none).",
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


ARGS = parse_args()
if ensure_database(os.environ["DATABASE_URL"]):
    print(f"created database {os.environ['DATABASE_URL'].rsplit('/', 1)[-1]}")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

from community.members.models import User  # noqa: E402
from community.members.roles import Role  # noqa: E402
from community.search import indexing, services  # noqa: E402
from community.search.models import SearchEntry  # noqa: E402
from forums.models import Reply, Topic  # noqa: E402

# --- Seeding and indexing ----------------------------------------------------------------


def seed(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    call_command(
        "seed_demo",
        "--only",
        "members",
        "forums",
        members=args.members,
        topics=args.topics,
        replies=args.replies,
    )
    print(
        f"seeded in {time.perf_counter() - started:.0f} s: {User.objects.count():,} members, "
        f"{Topic.objects.count():,} topics, {Reply.objects.count():,} replies"
    )


def build_index(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    last = {"kind": "", "since": started, "shown": 0.0}

    def progress(kind: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if kind != last["kind"]:
            last.update(kind=kind, since=last["shown"] or started)
        if done < total and now - last["shown"] < 10:
            return
        last["shown"] = now
        rate = done / max(now - last["since"], 1e-9)
        print(
            f"  indexing {kind}: {done:,}/{total:,} ({100 * done / max(total, 1):.0f}%), "
            f"{rate:,.0f}/s, {now - started:.0f} s in",
            flush=True,
        )

    written = indexing.rebuild(batch_size=args.batch_size, progress=progress)
    print(
        f"indexed in {time.perf_counter() - started:.0f} s: {written:,} documents written, "
        f"{SearchEntry.objects.count():,} entries"
    )


def analyze() -> None:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(SEARCH_TABLES)}")
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('search_entry')), "
            "pg_size_pretty(pg_relation_size('search_entry_vector'))"
        )
        total, gin = cursor.fetchone()
    print(
        f"analysed {', '.join(SEARCH_TABLES)} in {time.perf_counter() - started:.1f} s "
        f"(search_entry {total} with indexes, GIN index {gin})"
    )


# --- Measuring ---------------------------------------------------------------------------


@dataclass
class Result:
    group: str
    label: str
    viewer: str
    timings: list[float]
    queries: int
    found: str
    # (median seconds, sql) of each statement the call ran.
    statements: list[tuple[float, str]] = field(default_factory=list)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(group: str, label: str, viewer: str, call, runs: int) -> Result:
    """Time `call()` (which returns a short description of what it found)."""
    for _ in range(WARM_UP):
        call()
    timings, found, queries = [], "", 0
    by_position: dict[int, tuple[str, list[float]]] = {}
    for _ in range(runs):
        # With DEBUG on the log is a deque of 9,000 queries; once full, captures come out empty.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            found = call()
            elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        queries = len(captured.captured_queries)
        for position, query in enumerate(captured.captured_queries):
            by_position.setdefault(position, (query["sql"], []))[1].append(float(query["time"]))
    statements = [(statistics.median(times), sql) for sql, times in by_position.values()]
    result = Result(group, label, viewer, timings, queries, found, statements)
    print_row(result)
    return result


@dataclass(frozen=True)
class Case:
    label: str
    params: dict[str, str | list[str]]


def search_cases() -> list[Case]:
    deep = {"page": str(DEEP_PAGE)}
    return [
        Case(f"{COMMON!r}", {"q": COMMON}),
        Case(f"{COMMON!r} newest", {"q": COMMON, "sort": "newest"}),
        Case(f"{COMMON!r} page {DEEP_PAGE}", {"q": COMMON, **deep}),
        Case(f"{COMMON!r} newest page {DEEP_PAGE}", {"q": COMMON, "sort": "newest", **deep}),
        Case(f"{COMMON!r} + industry", {"q": COMMON, "industry": INDUSTRY}),
        Case(f"{COMMON!r} + industry + tag", {"q": COMMON, "industry": INDUSTRY, "tag": TAG}),
        Case(f"{COMMON!r} + solved", {"q": COMMON, "solved": "solved"}),
        Case(f"{COMMON!r} + past month", {"q": COMMON, "date": "month"}),
        Case(f"{COMMON_PAIR!r}", {"q": COMMON_PAIR}),
        Case(
            f"{COMMON_PAIR!r} newest + industry + tag",
            {"q": COMMON_PAIR, "sort": "newest", "industry": INDUSTRY, "tag": SECOND_TAG},
        ),
        Case(f"{MEDIUM_PAIR!r}", {"q": MEDIUM_PAIR}),
        Case(
            f"{MEDIUM_PAIR!r} + solved + past year",
            {"q": MEDIUM_PAIR, "solved": "solved", "date": "year"},
        ),
        Case(f"{MEDIUM_TRIPLE!r}", {"q": MEDIUM_TRIPLE}),
        Case(f"{MEDIUM_TRIPLE!r} + industry", {"q": MEDIUM_TRIPLE, "industry": INDUSTRY}),
        Case(f"{RARE!r}", {"q": RARE}),
        Case(f"{RARE_PAIR!r}", {"q": RARE_PAIR}),
        Case(f"{RARE_PAIR!r} newest page {DEEP_PAGE}", {"q": RARE_PAIR, "sort": "newest", **deep}),
        Case(f"browse tag {TAG}", {"tag": TAG}),
        Case(f"browse tag {TAG} page {DEEP_PAGE}", {"tag": TAG, **deep}),
        Case(f"browse tag {TAG} + industry", {"tag": TAG, "industry": INDUSTRY}),
        Case(f"no match {NO_MATCH!r}", {"q": NO_MATCH}),
        Case(f"match-any retry {NEVER_TOGETHER!r}", {"q": NEVER_TOGETHER}),
    ]


def as_lists(params: dict) -> dict[str, list[str]]:
    return {name: value if isinstance(value, list) else [value] for name, value in params.items()}


def describe(results) -> str:
    """The total ("+" when only a lower bound), the page, and the kinds of hit on it."""
    plus = "+" if getattr(results, "total_is_lower_bound", False) else ""
    kinds = Counter(hit.kind for hit in results.hits)
    shown = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    extra = " relaxed" if results.relaxed else ""
    return f"{results.total:,}{plus} p{results.page}{extra} [{shown}]"


def service_search(case: Case, viewer, catalog):
    def call() -> str:
        request = services.parse_request(as_lists(case.params), catalog=catalog)
        return describe(services.search(request, viewer=viewer, catalog=catalog))

    return call


def service_suggest(prefix: str, viewer):
    def call() -> str:
        found = services.suggest(prefix, viewer=viewer)
        return f"{len(found['titles'])} titles, {len(found['tags'])} tags"

    return call


def service_similar(text: str, filters: dict, viewer):
    def call() -> str:
        return f"{len(services.similar(text, viewer=viewer, filters=filters))} hits"

    return call


def page(client: Client, url: str):
    def call() -> str:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return f"{len(response.content) // 1024} KiB"

    return call


def search_app_serves(path: str) -> bool:
    """Whether `path` is one of the search app's views (not the Wagtail page catch-all)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return "search" in match.namespaces


def customer() -> User:
    """A signed-in customer: the demo login member@example.com, else the first member whose only
    group is Customer."""
    members = User.objects.filter(is_active=True, groups__name=Role.CUSTOMER.value)
    candidates = [*members.filter(email="member@example.com"), *members.order_by("pk")[:50]]
    for candidate in candidates:
        if list(candidate.groups.values_list("name", flat=True)) == [Role.CUSTOMER.value]:
            return candidate
    sys.exit("No member in the Customer group only; seed members first.")


HEADER = f"{'case':<52} {'viewer':<9} {'queries':>7} {'p50':>8} {'p95':>8} {'max':>8}  found"


def print_row(result: Result) -> None:
    print(
        f"{result.label[:52]:<52} {result.viewer:<9} {result.queries:>7} "
        f"{statistics.median(result.timings):>8.1f} {percentile(result.timings, 0.95):>8.1f} "
        f"{max(result.timings):>8.1f}  {result.found}",
        flush=True,
    )


def section(title: str) -> None:
    print(f"\n--- {title} (ms over {ARGS.runs} runs after {WARM_UP} warm-up)")
    print(HEADER)


def run_mix(args: argparse.Namespace) -> list[Result]:
    catalog = services.facet_catalog()
    member = customer()
    viewers = [("anonymous", AnonymousUser()), ("customer", member)]
    results: list[Result] = []

    section("services.search()")
    for case in search_cases():
        for name, viewer in viewers:
            call = service_search(case, viewer, catalog)
            results.append(measure("search", case.label, name, call, args.runs))

    section("services.suggest() and services.similar()")
    for prefix in SUGGEST_PREFIXES:
        for name, viewer in viewers:
            call = service_suggest(prefix, viewer)
            results.append(measure("suggest", f"suggest {prefix!r}", name, call, args.runs))
    for label, filters in (
        ("similar, question title", {}),
        ("similar, solved topics only", {"type": ("topic",), "solved": ("solved",)}),
    ):
        for name, viewer in viewers:
            call = service_similar(SIMILAR_TITLE, filters, viewer)
            results.append(measure("similar", label, name, call, args.runs))

    if args.skip_pages:
        return results
    if not search_app_serves("/search/"):
        print("\n/search/ is not served by the search app yet: pages not timed.")
        return results
    section("pages through the test client (/search/...)")
    clients = [("anonymous", Client()), ("customer", Client())]
    clients[1][1].force_login(member)
    for case in search_cases():
        url = f"/search/?{urlencode(as_lists(case.params), doseq=True)}"
        for name, client in clients:
            results.append(measure("page", case.label, name, page(client, url), args.runs))
    extra = []
    if search_app_serves("/search/suggest/"):
        extra += [
            (f"suggest {p!r}", f"/search/suggest/?{urlencode({'q': p})}") for p in SUGGEST_PREFIXES
        ]
    if search_app_serves("/search/similar/"):
        extra.append(
            ("similar, question title", f"/search/similar/?{urlencode({'q': SIMILAR_TITLE})}")
        )
    for label, url in extra:
        for name, client in clients:
            results.append(measure("json", label, name, page(client, url), args.runs))
    return results


def summarise(results: list[Result]) -> None:
    print()
    for group, title in (
        ("page", "search pages"),
        ("json", "suggest/similar pages"),
        ("suggest", "suggest()"),
        ("similar", "similar()"),
    ):
        samples = [t for r in results if r.group == group for t in r.timings]
        if samples:
            print(f"{title} p95 over the mix: {percentile(samples, 0.95):.1f} ms")
    samples = [t for r in results if r.group == "search" for t in r.timings]
    print(f"faceted search p95 over the mix: {percentile(samples, 0.95):.1f} ms")


def explain_slowest(results: list[Result], count: int) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) the distinct statements with the slowest median time."""
    if count <= 0:
        return
    seen, ranked = set(), []
    statements = [(s, sql, r) for r in results for s, sql in r.statements]
    for seconds, sql, result in sorted(statements, key=lambda item: -item[0]):
        shape = sql[:120]
        if shape in seen or not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        seen.add(shape)
        ranked.append((seconds, sql, result))
        if len(ranked) == count:
            break
    for seconds, sql, result in ranked:
        print(
            f"\n--- slow statement: median {seconds * 1000:.0f} ms in "
            f"{result.group} {result.label!r} ({result.viewer})"
        )
        print(sql)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    args = ARGS
    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL (set DATABASE_URL).")
    call_command("migrate", verbosity=0)
    if not args.skip_seed:
        seed(args)
    if not args.skip_index:
        build_index(args)
    analyze()
    if not SearchEntry.objects.exists():
        sys.exit("The search index is empty: run without --skip-seed / --skip-index.")
    print(
        f"{Topic.objects.count():,} topics, {Reply.objects.count():,} replies, "
        f"{SearchEntry.objects.count():,} search entries"
    )
    results = run_mix(args)
    summarise(results)
    explain_slowest(results, args.explain)


if __name__ == "__main__":
    main()
