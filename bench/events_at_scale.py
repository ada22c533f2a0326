"""Events at scale on PostgreSQL: members racing for the last seats, and the events pages with
10,000 events and 200,000 registrations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/community_ev_bench \\
        .venv/bin/python bench/events_at_scale.py
    .venv/bin/python bench/events_at_scale.py --skip-seed --racers 400 --seats 100 --threads 60

1. The race: `--racers` members (200) register at the same moment for an event with `--seats`
   (50) seats, through `events.services.registrations.register`, on `--threads` threads (50),
   each with its own connection. Prints registered, waitlisted, oversold (seat holders beyond the
   capacity: must be 0), whether the event's counters match its rows and the waitlist runs
   1..n, the time it took and the latency of a registration (p50, p95, max). Then the first
   `--cancels` (10) seat holders cancel at once while as many new members register: the seats
   freed go to the first members waiting, in order, and still nobody is oversold.
2. The pages: unless `--skip-seed`, the demo's members and events are seeded; the events are
   grown (when short of it) to `--events` (10,000) spread over the chapters and the last and next year, and
   registrations to `--registrations` (200,000). Rows are written in bulk (the pages read them
   as the services write them; the search index is not fed). Then `/events/` (page 1, a deep
   page, past events, filters, "near me"), the busiest chapter's page and the event page of the
   event with the most registrations are timed, anonymous and signed in: queries per request
   and the median, p95 and max of `--runs` (15) warm requests.

Not a test: the figures depend on the machine (and on who else uses it).
"""

import argparse
import os
import queue
import random
import statistics
import sys
import threading
import time
import uuid
from datetime import timedelta

# The bench folder is on sys.path when a script in it runs.
from bench_database import scale_parser, seed_demo, start_django, use_project
from bench_pages import percentile, signed_in_and_out, time_page

use_project("postgres://postgres@127.0.0.1:5432/community_ev_bench")

BATCH = 2_000
FORMATS = ("in_person", "in_person", "online", "hybrid")
ZONES = ("Europe/Berlin", "Europe/London", "America/Toronto", "America/Sao_Paulo", "Asia/Kolkata")


def parse_args() -> argparse.Namespace:
    parser = scale_parser(__doc__, members=2_000, runs=15)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--registrations", type=int, default=200_000)
    parser.add_argument("--racers", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--threads", type=int, default=50, help="Connections racing at once.")
    parser.add_argument("--cancels", type=int, default=10)
    parser.add_argument("--skip-race", action="store_true")
    parser.add_argument("--skip-pages", action="store_true")
    return parser.parse_args()


# --- Seeding ----------------------------------------------------------------------------------


def grow_events(target: int) -> None:
    """Add events under the chapters and the index until there are `target`, written in bulk:
    page rows with their tree paths, then the events' own rows."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    from events.pages import ChapterPage, EventIndexPage, EventPage

    missing = target - EventPage.objects.count()
    if missing <= 0:
        return
    started = time.perf_counter()
    rng = random.Random(18)
    content_type = ContentType.objects.get_for_model(EventPage)
    parents = [*ChapterPage.objects.order_by("path"), EventIndexPage.objects.get()]
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    fields = EventPage._meta.local_concrete_fields
    made = 0
    with transaction.atomic():
        for number, parent in enumerate(parents):
            count = missing // len(parents) + (1 if number < missing % len(parents) else 0)
            last = parent.get_last_child()
            step = (last._get_lastpos_in_path() if last else 0) + 1
            pages, events = [], []
            for offset in range(count):
                slug = f"bench-{uuid.uuid4().hex[:12]}"
                starts_at = now + timedelta(days=rng.randint(-365, 365), hours=rng.randint(0, 12))
                pages.append(
                    Page(
                        title=f"Practitioners' meetup {made + offset + 1}",
                        draft_title=f"Practitioners' meetup {made + offset + 1}",
                        slug=slug,
                        content_type=content_type,
                        path=Page._get_path(parent.path, parent.depth + 1, step + offset),
                        depth=parent.depth + 1,
                        numchild=0,
                        url_path=f"{parent.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        locale_id=parent.locale_id,
                        translation_key=uuid.uuid4(),
                    )
                )
                events.append(
                    EventPage(
                        summary="Short talks by members, then open questions and time to meet.",
                        format=rng.choice(FORMATS),
                        starts_at=starts_at,
                        ends_at=starts_at + timedelta(hours=2),
                        time_zone=rng.choice(ZONES),
                        venue_name="Community space",
                        address="1 Example Street",
                        capacity=rng.choice((None, 30, 40, 60)),
                        target_audience="",
                    )
                )
            for begin in range(0, len(pages), BATCH):
                created = Page.objects.bulk_create(pages[begin : begin + BATCH])
                batch = events[begin : begin + BATCH]
                for page, event in zip(created, batch, strict=True):
                    event.page_ptr_id = page.pk
                    event.pk = page.pk
                # Only the events' own table: the page rows are written just above.
                EventPage._base_manager._insert(batch, fields=fields)
            Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
            made += count
    print(f"{made:,} events added in {time.perf_counter() - started:.0f} s")


def grow_registrations(target: int) -> None:
    """Add registrations until there are `target`, a few dozen per event, then set the events'
    seat counters from the rows."""
    from django.db import connection, transaction

    from community.members.models import User
    from events.models import Registration, RegistrationStatus, new_registration_code
    from events.pages import EventPage

    missing = target - Registration.objects.count()
    if missing <= 0:
        return
    started = time.perf_counter()
    rng = random.Random(200)
    members = list(User.objects.filter(is_active=True).values_list("pk", flat=True))
    events = list(EventPage.objects.values_list("pk", flat=True))
    per_event = min(len(members), missing // len(events) + 1)
    rows = []
    with transaction.atomic():
        for event_id in events:
            taken = set(
                Registration.objects.filter(event_id=event_id).values_list("member_id", flat=True)
            )
            chosen = [pk for pk in rng.sample(members, per_event) if pk not in taken]
            for member_id in chosen[: missing - len(rows)]:
                status = (
                    RegistrationStatus.ATTENDED
                    if rng.random() < 0.2
                    else RegistrationStatus.REGISTERED
                )
                rows.append(
                    Registration(
                        event_id=event_id,
                        member_id=member_id,
                        status=status,
                        code=new_registration_code(),
                    )
                )
            if len(rows) >= missing:
                break
        for begin in range(0, len(rows), BATCH * 5):
            Registration.objects.bulk_create(rows[begin : begin + BATCH * 5])
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE events_eventpage AS event SET registered_count = seats.taken,
                    capacity = CASE WHEN event.capacity IS NULL THEN NULL
                                    ELSE GREATEST(event.capacity, seats.taken) END
                FROM (SELECT event_id, count(*) AS taken FROM events_registration
                      WHERE status IN ('registered', 'attended') GROUP BY event_id) AS seats
                WHERE event.page_ptr_id = seats.event_id
                """
            )
    print(f"{len(rows):,} registrations added in {time.perf_counter() - started:.0f} s")


def tidy() -> None:
    """What autovacuum would have done by the time a real site served these rows: the bulk
    writes and the counters' update leave dead rows and stale statistics."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("events_eventpage", "events_registration", "wagtailcore_page"):
            cursor.execute(f"VACUUM ANALYZE {table}")


# --- The race ---------------------------------------------------------------------------------


def race_event(seats: int):
    from django.utils import timezone

    from events.pages import EventIndexPage, EventPage

    starts_at = timezone.now() + timedelta(days=21)
    index = EventIndexPage.objects.get()
    event = index.add_child(
        instance=EventPage(
            title=f"Race for {seats} seats {uuid.uuid4().hex[:6]}",
            slug=f"race-{uuid.uuid4().hex[:10]}",
            summary="Seats raced for by the benchmark.",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            time_zone="Europe/Berlin",
            capacity=seats,
        )
    )
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def racers(count: int, exclude=()) -> list:
    from community.members.models import User

    members = list(
        User.objects.filter(is_active=True, profile__banned_at__isnull=True)
        .exclude(pk__in=exclude)
        .select_related("profile")
        .order_by("?")[:count]
    )
    if len(members) < count:
        sys.exit(f"Only {len(members)} members can register; seed more (--members).")
    return members


def run_at_once(jobs: list, threads: int) -> tuple[list, list[float], float]:
    """Run each job (a callable) on `threads` threads released together; returns the results
    (or the exceptions raised), each job's duration in ms and the wall time in s."""
    from django.db import connection

    work: queue.Queue = queue.Queue()
    for number, job in enumerate(jobs):
        work.put((number, job))
    results: list = [None] * len(jobs)
    timings: list[float] = [0.0] * len(jobs)
    ready = threading.Barrier(threads + 1)

    def worker() -> None:
        from django.db import connection as own

        try:
            own.ensure_connection()  # connect before the start, so the race is for seats only
        except Exception:
            ready.abort()  # nobody races with a racer missing
            raise
        ready.wait()
        try:
            while True:
                try:
                    number, job = work.get_nowait()
                except queue.Empty:
                    return
                began = time.perf_counter()
                try:
                    results[number] = job()
                except Exception as error:  # counted, not raised: the report says how many
                    results[number] = error
                timings[number] = (time.perf_counter() - began) * 1000
        finally:
            own.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    try:
        ready.wait()
    except threading.BrokenBarrierError:
        sys.exit("A racer could not connect: raise DATABASE_POOL_MAX_SIZE or lower --threads.")
    started = time.perf_counter()
    for thread in pool:
        thread.join()
    connection.close()
    return results, timings, time.perf_counter() - started


def check(event, seats: int) -> dict:
    from events.models import Registration, RegistrationStatus
    from events.pages import EventPage

    rows = Registration.objects.filter(event=event)
    holding = rows.filter(
        status__in=(RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED)
    ).count()
    waiting = list(
        rows.filter(status=RegistrationStatus.WAITLISTED)
        .order_by("waitlist_position")
        .values_list("waitlist_position", flat=True)
    )
    fresh = EventPage.objects.get(pk=event.pk)
    return {
        "registered": holding,
        "waitlisted": len(waiting),
        "oversold": max(0, holding - seats),
        "counters match": (fresh.registered_count, fresh.waitlist_count) == (holding, len(waiting)),
        # Places are never renumbered: after promotions they start higher, but stay distinct.
        "waitlist places": (
            "1..n"
            if waiting == list(range(1, len(waiting) + 1))
            else "distinct"
            if len(set(waiting)) == len(waiting)
            else "DUPLICATED"
        ),
    }


def show(label: str, facts: dict, timings: list[float], wall: float, errors: int) -> None:
    print(f"--- {label}")
    print("    " + ", ".join(f"{name} {value}" for name, value in facts.items()))
    print(
        f"    {len(timings)} calls in {wall:.2f} s, {errors} errors; per call p50 "
        f"{statistics.median(timings):.0f} ms, p95 {percentile(timings, 0.95):.0f} ms, "
        f"max {max(timings):.0f} ms"
    )


def race(args) -> None:
    from django.conf import settings
    from django.test import override_settings

    from events.models import Registration, RegistrationStatus
    from events.services import registrations

    quiet = {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    with override_settings(**quiet):
        event = race_event(args.seats)
        members = racers(args.racers)
        results, timings, wall = run_at_once(
            [
                (lambda member=member: registrations.register(event=event, member=member))
                for member in members
            ],
            args.threads,
        )
        errors = sum(isinstance(result, Exception) for result in results)
        show(
            f"{args.racers} members racing for {args.seats} seats on {args.threads} connections "
            f"({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})",
            check(event, args.seats),
            timings,
            wall,
            errors,
        )

        # Seat holders cancel while newcomers register: freed seats go to the waitlist, in order.
        holders = list(
            Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED)
            .select_related("member")
            .order_by("?")[: args.cancels]
        )
        first_waiting = list(
            Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
            .order_by("waitlist_position")
            .values_list("member_id", flat=True)[: args.cancels]
        )
        newcomers = racers(args.cancels, exclude=[member.pk for member in members])
        jobs = [
            (lambda holder=holder: registrations.cancel(event=event, member=holder.member))
            for holder in holders
        ] + [
            (lambda member=member: registrations.register(event=event, member=member))
            for member in newcomers
        ]
        results, timings, wall = run_at_once(jobs, min(args.threads, len(jobs)))
        promoted = set(
            Registration.objects.filter(
                event=event,
                member_id__in=first_waiting,
                status=RegistrationStatus.REGISTERED,
            ).values_list("member_id", flat=True)
        )
        facts = check(event, args.seats)
        facts["first waiting promoted"] = f"{len(promoted)}/{len(first_waiting)}"
        show(
            f"{len(holders)} cancel while {len(newcomers)} more register",
            facts,
            timings,
            wall,
            sum(isinstance(result, Exception) for result in results),
        )


# --- The pages --------------------------------------------------------------------------------


def pages(args) -> None:
    from django.db.models import Count
    from django.utils import timezone

    from community.members.models import User
    from events.models import Registration
    from events.pages import ChapterPage, EventPage
    from events.selectors import EVENTS_PER_PAGE

    upcoming = EventPage.objects.live().filter(ends_at__gt=timezone.now()).count()
    busiest_id = (
        Registration.objects.values("event_id")
        .annotate(rows=Count("pk"))
        .order_by("-rows")
        .first()["event_id"]
    )
    busiest = EventPage.objects.get(pk=busiest_id)
    chapters = ChapterPage.objects.live().order_by("-numchild")
    chapter = chapters.first()
    month = (timezone.now() + timedelta(days=40)).strftime("%Y-%m")
    deep = max(1, upcoming // EVENTS_PER_PAGE // 2)
    print(
        f"--- pages (load average {os.getloadavg()[0]:.1f}): "
        f"{EventPage.objects.count():,} events ({upcoming:,} upcoming), "
        f"{Registration.objects.count():,} registrations; busiest event "
        f"{busiest.registrations.count()} registrations, busiest chapter {chapter.numchild:,} "
        f"events"
    )
    member = User.objects.get(email="member@example.com")
    for who, client in signed_in_and_out(member):
        time_page(client, "/events/", "/events/", args.runs)
        time_page(client, f"/events/ page {deep}", f"/events/?page={deep}", args.runs)
        time_page(client, "/events/ past", "/events/?when=past", args.runs)
        time_page(client, "/events/ online, this region", "/events/?format=online&region=EMEA", 5)
        time_page(client, f"/events/ month {month}", f"/events/?month={month}", 5)
        if who:
            time_page(client, "/events/ near me", "/events/?near=1", args.runs)
        time_page(client, f"chapter page ({chapter.title})", chapter.url, args.runs)
        time_page(client, "event page, busiest", busiest.url, args.runs)


def main() -> None:
    args = parse_args()
    # One pooled connection per racing thread, and the main thread's.
    os.environ.setdefault("DATABASE_POOL_MAX_SIZE", str(args.threads + 2))
    created = start_django(os.environ["DATABASE_URL"])
    if created or not args.skip_seed:
        seed_demo(members=args.members, only=["members", "events"])
    if not args.skip_race:
        race(args)
    if not args.skip_pages:
        # Both only add what is missing, so a second run goes straight to the timings.
        grow_events(args.events)
        grow_registrations(args.registrations)
        tidy()
        pages(args)


if __name__ == "__main__":
    main()
