"""Support for browser tests: serve the built site on localhost and drive Debian's Chromium.

The browser is Chromium from the system (``/usr/bin/chromium`` or ``$CHROMIUM``), driven by
Playwright; Playwright never downloads a browser here. Requests to any host other than the local
server are recorded and aborted, so a test can assert that a page made no third-party request.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

SITE = Path(__file__).resolve().parent.parent / "_build" / "html"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@contextlib.contextmanager
def serve(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def require_site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built site at {SITE}: run 'make site-strict' (or 'make book') first",
                    pytrace=False)
    return SITE


def launch(playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run 'bash scripts/ensure-chromium.sh' "
                    "(as root) or set CHROMIUM", pytrace=False)
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


class PageWatch:
    """Third-party requests (aborted) and console errors seen by a page."""

    def __init__(self, page, origin: str):
        self.third_party: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        host = urlparse(origin).netloc

        def route(route):
            url = route.request.url
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about") or parsed.netloc == host:
                route.continue_()
            else:
                self.third_party.append(url)
                route.abort()

        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))


def draw_maps(page, timeout: float = 15_000) -> int:
    """Scroll every map into view (maps are drawn as they near the viewport); wait until all are drawn."""
    canvases = page.locator(".ck-map__canvas")
    count = canvases.count()
    for index in range(count):
        canvases.nth(index).scroll_into_view_if_needed()
    if count:
        page.wait_for_function(
            f"document.querySelectorAll('.ck-map__canvas.leaflet-container').length === {count}",
            timeout=timeout)
    return count
