"""Shared by the benchmarks that time pages: warm requests through Django's test client, with
their queries counted."""

import statistics
import time


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def time_page(client, label: str, url: str, runs: int) -> list[dict]:
    """Request `url` once to warm up, then `runs` times; print one line (status, queries per
    request, p50, p95 and max in ms) and return the last request's queries (sql, time)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    print(
        f"    {label:<44} {response.status_code}  {len(captured.captured_queries):>2} queries  "
        f"p50 {statistics.median(timings):6.1f} ms  p95 {percentile(timings, 0.95):6.1f} ms  "
        f"max {max(timings):6.1f} ms"
    )
    return captured.captured_queries


def signed_in_and_out(*members, heading: str = "  "):
    """Yield (member or None, a fresh test client) for an anonymous visitor, then for each of
    `members` signed in, printing which it is before its pages are timed."""
    from django.test import Client

    for who in (None, *members):
        client = Client()
        if who:
            client.force_login(who)
        print(f"{heading}{'signed in' if who else 'anonymous'}")
        yield who, client
