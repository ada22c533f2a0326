"""Waiting for the site's live sockets, so a test acts only once the page is listening.

The server joins a socket to its groups before it accepts the handshake: once the browser sees
the socket open, a push sent from then on reaches the page.
"""

from __future__ import annotations

from playwright.sync_api import Page

# Added to every context (conftest.py): remembers each WebSocket the page opens. It changes
# nothing else; the site's scripts get the browser's own sockets.
TRACK_SOCKETS = """
(() => {
  const Native = window.WebSocket;
  if (!Native || Native.__tracked) return;
  const sockets = [];
  function Tracked(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    sockets.push(socket);
    return socket;
  }
  Tracked.prototype = Native.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Tracked[name] = Native[name];
  Tracked.__tracked = true;
  window.WebSocket = Tracked;
  window.__e2eSockets = sockets;
})();
"""

NOTIFICATIONS = "/ws/notifications/"


def wait_for_live_socket(page: Page, path: str = NOTIFICATIONS, *, timeout: float = 10_000) -> None:
    """Wait until the page has an open WebSocket whose address contains `path`."""
    page.wait_for_function(
        """path => (window.__e2eSockets || []).some(
            socket => socket.url.includes(path) && socket.readyState === WebSocket.OPEN)""",
        arg=path,
        timeout=timeout,
    )


def mark_the_page(page: Page) -> None:
    """A flag that lives as long as the document: gone after any navigation or reload."""
    page.evaluate("window.__e2eSamePage = true")


def still_the_same_page(page: Page) -> bool:
    return page.evaluate("window.__e2eSamePage === true")
