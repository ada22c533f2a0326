"""Shared by the benchmarks: the PostgreSQL database they run in, and the options that size it."""

import argparse
import sys


def ensure_database(url: str) -> bool:
    """Create the database at `url` if missing; returns whether it was created."""
    import environ
    import psycopg
    from psycopg import sql

    config = environ.Env.db_url_config(url)
    if "postgresql" not in config["ENGINE"]:
        sys.exit("Run this on PostgreSQL (set DATABASE_URL).")
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        name = config["NAME"]
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def seed_demo(*, members: int, only: list[str]) -> None:
    """Migrate, set up the page tree and run these demo seeders, saying how long it took."""
    import time

    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0)
    call_command("seed_demo", members=members, only=only, verbosity=0)
    print(f"demo seeded in {time.perf_counter() - started:.0f} s")


def start_django(url: str) -> bool:
    """Create the database at `url` if missing, set Django up on it and refuse anything but
    PostgreSQL (the figures mean nothing on SQLite); returns whether the database was created."""
    created = ensure_database(url)
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL (set DATABASE_URL).")
    return created


def scale_parser(doc: str, *, members: int, runs: int) -> argparse.ArgumentParser:
    """The options every at-scale benchmark takes (demo members to seed, warm requests timed per
    page, the switch that keeps the data already there), with the script's docstring as help."""
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=members, help="Demo members to seed.")
    parser.add_argument("--runs", type=int, default=runs, help="Timed runs of each page or case.")
    parser.add_argument("--skip-seed", action="store_true", help="Use the data already there.")
    return parser


def add_forum_volume_arguments(
    parser,
    *,
    members: int = 5000,
    topics: int = 100_000,
    replies: int = 1_000_000,
    skip_seed: bool = True,
) -> None:
    """The forum sizes the forum-backed benchmarks seed, and (unless `skip_seed` is False, for a
    script that seeds only when asked) the switch that skips seeding."""
    parser.add_argument("--members", type=int, default=members)
    parser.add_argument("--topics", type=int, default=topics)
    parser.add_argument("--replies", type=int, default=replies)
    if skip_seed:
        parser.add_argument("--skip-seed", action="store_true")


def use_project(default_url: str) -> None:
    """Put the project on the import path and point Django at its settings and, unless
    DATABASE_URL names another, at the database `default_url`."""
    import os
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DATABASE_URL", default_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
