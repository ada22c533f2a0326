"""What a page must not do while a test drives it: log a JavaScript error or fail a request.

Every page opened in a test's browser contexts is watched; the test fails at its end when any
page logged a console error, threw an uncaught exception, or a request to the site failed or
answered 400 or above. A test that expects an error status says so with `allow()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response

# Chromium logs every 4xx/5xx response to the console as well; the response itself is checked
# (with its address), so this console line would only say the same thing twice.
RESOURCE_STATUS_MESSAGE = re.compile(
    r"^Failed to load resource: the server responded with a status"
)
# A request cut short because the page moved on (a click that navigates while a fetch is in
# flight) is the browser's doing, not the site's.
ABORTED = "net::ERR_ABORTED"


@dataclass(frozen=True)
class Allowed:
    status: int
    path: str | None = None

    def covers(self, status: int, path: str) -> bool:
        return status == self.status and (self.path is None or path.startswith(self.path))


@dataclass
class PageWatch:
    """The problems seen on the site's pages during one test."""

    site_url: str
    problems: list[str] = field(default_factory=list)
    allowed: list[Allowed] = field(default_factory=list)

    def allow(self, *, status: int, path: str | None = None) -> None:
        """Accept responses with this status (on paths starting with `path`, when given)."""
        self.allowed.append(Allowed(status=status, path=path))

    def watch_context(self, context: BrowserContext) -> None:
        for page in context.pages:
            self.watch_page(page)
        context.on("page", self.watch_page)

    def watch_page(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught error: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error" or RESOURCE_STATUS_MESSAGE.match(message.text):
            return
        where = message.location.get("url", "")
        self.problems.append(f"console error: {message.text} ({where})")

    def _on_request_failed(self, request: Request) -> None:
        if not request.url.startswith(self.site_url) or request.failure == ABORTED:
            return
        self.problems.append(f"request failed: {request.method} {request.url}: {request.failure}")

    def _on_response(self, response: Response) -> None:
        if response.status < 400 or not response.url.startswith(self.site_url):
            return
        path = response.url[len(self.site_url) :] or "/"
        if any(rule.covers(response.status, path) for rule in self.allowed):
            return
        self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def report(self) -> str | None:
        if not self.problems:
            return None
        listed = "\n".join(f"  - {problem}" for problem in self.problems)
        return f"the site's pages reported problems during the test:\n{listed}"
