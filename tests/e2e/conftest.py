"""Browser tests: Debian's Chromium, driven by Playwright, against the site served by daphne.

What a test gets here:
- `e2e_server` (per session): the ASGI app on a free port, on a SQLite file of its own; every
  context's base URL, so `page.goto("/forums/")` works.
- Every test's own writes go to that same file: create members and content with the factories
  (tests/factories) and the browser sees them. The file is not emptied between tests, so a test
  looks for the rows it made, not at totals.
- `page`, `context` and `new_context()` (one context per person in a flow), desktop-sized
  (1280x800) unless a test asks for another `viewport`; `viewport` is parametrized desktop and
  phone (390x844) for the tests that request it. E2E_HEADED=1 shows the browser.
- `sign_in(context, user)` gives a browser context the member's session without the login form.
- `page_watch`: every page of the test fails it on a console error or a failed request to the
  site; `page_watch.allow(status=404, path="/missing/")` accepts an expected error status.

Without Chromium the tests are skipped with one message; with E2E_REQUIRED=1 (set by .ci/run)
that is a failure instead. Under pytest-xdist each worker runs its own server and browser on
its own copy of the database, built once per run.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connections
from django.db.utils import load_backend
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from community.notifications import live
from tests.e2e.live import TRACK_SOCKETS
from tests.e2e.server import LiveServer, ServerError, build_template, start_server
from tests.e2e.watch import PageWatch

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
SKIPPED = "browser tests skipped: install Chromium (apt-get install chromium)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Live updates cross a socket and a second browser; on a busy two-core CI machine Playwright's
# five seconds are too tight for them, and a real failure still ends well inside a minute.
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start building the database as soon as browser tests are about to run: pytest-django
    runs tests without a database last, so in a whole-suite run the build overlaps the rest."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    wanted = any(HERE in Path(item.path).parents for item in session.items)
    if factory is None or not wanted or not chromium_installed():
        return
    folder = template_folder(factory)
    threading.Thread(
        target=_build_quietly, args=(folder,), name="e2e-database", daemon=True
    ).start()


def _build_quietly(folder: Path) -> None:
    # A failure shows when the first browser test builds again and reports why.
    with contextlib.suppress(ServerError, OSError, subprocess.SubprocessError):
        build_template(folder)


def chromium_installed() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def template_folder(factory: pytest.TempPathFactory) -> Path:
    # xdist's workers each have a base folder inside one the whole run shares.
    base = factory.getbasetemp()
    return (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "e2e-template"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    result = yield
    fixtures = getattr(item, "funcargs", {})
    watch = fixtures.get("page_watch")
    problems = watch.report() if watch else None
    if problems:
        server = fixtures.get("e2e_server")
        log = f"\n\nThe server's last lines:\n{server.log_tail()}" if server else ""
        pytest.fail(problems + log, pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    report = yield
    # pytest reports a skip from a fixture at each test's line; one place for all of them makes
    # `-ra` print the reason once, with the number of tests it skipped.
    if report.skipped and isinstance(report.longrepr, tuple) and SKIPPED in report.longrepr[2]:
        report.longrepr = (str(Path(__file__).relative_to(item.config.rootpath)), 0, SKIPPED)
    return report


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium: Playwright drives it and never downloads a browser of its own."""
    if chromium_installed():
        return CHROMIUM
    if os.environ.get("E2E_REQUIRED") == "1":
        pytest.fail(
            f"browser tests could not start: {CHROMIUM} is missing (apt-get install chromium)",
            pytrace=False,
        )
    pytest.skip(SKIPPED)


@pytest.fixture(scope="session")
def e2e_server(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    try:
        template = build_template(template_folder(tmp_path_factory))
        server = start_server(
            template=template, folder=tmp_path_factory.getbasetemp() / "e2e-server"
        )
    except ServerError as error:
        pytest.fail(f"browser tests could not start: {error}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser(chromium: Path) -> Iterator[Browser]:
    """Chromium for this folder's tests, closed when they are done.

    Package-scoped on purpose: while Playwright runs, its event loop counts as running in this
    thread, which would break later tests of the session that use asyncio or async_to_sync.
    """
    headed = os.environ.get("E2E_HEADED") == "1"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium),
            headless=not headed,
            args=[*([] if headed else ["--headless"]), *CHROMIUM_ARGS],
        )
        yield browser
        browser.close()


@pytest.fixture(params=["desktop", "phone"])
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    """Request this to run a test at both sizes; pass it to `new_context(viewport=...)`."""
    return {"desktop": DESKTOP, "phone": PHONE}[request.param]


@pytest.fixture(autouse=True)
def page_watch(e2e_server: LiveServer) -> PageWatch:
    return PageWatch(site_url=e2e_server.url)


@pytest.fixture
def new_context(
    browser: Browser, e2e_server: LiveServer, page_watch: PageWatch
) -> Iterator[Callable[..., BrowserContext]]:
    """Make a browser context (its own cookies: one per person in a flow), desktop-sized unless
    `viewport` says otherwise, pointed at the server, watched for errors, its sockets known to
    `live.wait_for_live_socket`. Any Playwright `new_context` argument is accepted."""
    contexts: list[BrowserContext] = []

    def create(**kwargs) -> BrowserContext:
        kwargs.setdefault("viewport", DESKTOP)
        kwargs.setdefault("base_url", e2e_server.url)
        context = browser.new_context(**kwargs)
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(TRACK_SOCKETS)
        page_watch.watch_context(context)
        return context

    yield create
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(autouse=True)
def e2e_database(e2e_server: LiveServer, django_db_blocker, monkeypatch) -> Iterator[None]:
    """The test's database connection opens the server's file, in autocommit: every row a
    factory creates is committed at once and visible to the server."""
    # Playwright's sync API runs an event loop in this thread, which Django's guard against
    # blocking calls in async code would take for a coroutine.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Live pushes made here (by factories) could reach no browser: the pages listen to the
    # server's channel layer, not this process's. The browser's own actions push from there.
    monkeypatch.setattr(live, "send_now", lambda messages, *, timeout=None: True)
    original = connections["default"]
    engine = "django.db.backends.sqlite3"
    settings_dict = {
        **original.settings_dict,
        "ENGINE": engine,
        "NAME": str(e2e_server.database),
        "OPTIONS": dict(settings.SQLITE_OPTIONS),
        "HOST": "",
        "PORT": "",
        "USER": "",
        "PASSWORD": "",
        "CONN_MAX_AGE": 0,
    }
    connection = load_backend(engine).DatabaseWrapper(settings_dict, "default")
    connections["default"] = connection
    try:
        with django_db_blocker.unblock():
            yield
            connection.close()
    finally:
        connections["default"] = original


@pytest.fixture
def sign_in(e2e_server: LiveServer) -> Callable[[BrowserContext, AbstractBaseUser], None]:
    """Give a browser context a member's session, as if they had signed in."""

    def add_session(context: BrowserContext, user: AbstractBaseUser) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": e2e_server.url}])

    return add_session


@pytest.fixture
def signed_in(
    new_context: Callable[..., BrowserContext], sign_in: Callable[..., None]
) -> Callable[..., Page]:
    """Open a page as a member, in a browser context of their own; any `new_context` argument
    (a phone's `viewport`...) is accepted."""

    def open_as(member: AbstractBaseUser, **context_args) -> Page:
        context = new_context(**context_args)
        sign_in(context, member)
        return context.new_page()

    return open_as
