"""Serve a built site on localhost, launch Debian's Chromium, watch a page and draw its maps: shared
by the scripts (PDF, benchmarks, screenshots) and the browser tests.

The browser is Chromium from the system (``/usr/bin/chromium`` or ``$CHROMIUM``), driven by
Playwright (``executable_path``); Playwright never downloads a browser here.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
#: Headless, no first-run work, no background or update traffic (so a test that counts third-party
#: requests sees only the page's), no QUIC.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class ChromiumMissing(RuntimeError):
    """No Chromium at :data:`CHROMIUM`; the message says how to get one."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test and script output clean


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free localhost port; yields its origin (``http://127.0.0.1:PORT``)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright: Any, chromium: str = CHROMIUM, extra_args: Sequence[str] = ()) -> Any:
    """Headless Chromium (a Playwright ``Browser``) with :data:`CHROMIUM_ARGS` and ``extra_args``;
    :class:`ChromiumMissing` if it is not installed."""
    if not Path(chromium).exists():
        raise ChromiumMissing(f"Chromium not found at {chromium}: run 'bash scripts/ensure-chromium.sh' "
                              "(as root) or set CHROMIUM=/path/to/chromium")
    return playwright.chromium.launch(executable_path=chromium, headless=True,
                                      args=[*CHROMIUM_ARGS, *extra_args])


class PageWatch:
    """Third-party requests (recorded and aborted) and console errors seen by a Playwright page."""

    def __init__(self, page: Any, origin: str):
        self.third_party: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        host = urlparse(origin).netloc

        def route(route: Any) -> None:
            url = route.request.url
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about") or parsed.netloc == host:
                route.continue_()
            else:
                self.third_party.append(url)
                route.abort()

        def console(message: Any) -> None:
            if message.type == "error":
                self.console_errors.append(message.text)

        page.route("**/*", route)
        page.on("console", console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))


def draw_maps(page: Any, timeout: float = 15_000) -> int:
    """Scroll every map into view (maps are drawn as they near the viewport), wait until all are
    drawn; the number of maps."""
    canvases = page.locator(".ck-map__canvas")
    count = canvases.count()
    for index in range(count):
        canvases.nth(index).scroll_into_view_if_needed()
    if count:
        page.wait_for_function(
            f"document.querySelectorAll('.ck-map__canvas.leaflet-container').length === {count}",
            timeout=timeout)
    return count
