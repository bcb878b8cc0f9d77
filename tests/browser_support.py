"""Support for browser tests: serve the built site on localhost and drive Debian's Chromium.

The browser is Chromium from the system (``/usr/bin/chromium`` or ``$CHROMIUM``), driven by
Playwright; Playwright never downloads a browser here. Requests to any host other than the local
server are recorded and aborted, so a test can assert that a page made no third-party request.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from coursekit.browser import CHROMIUM, CHROMIUM_ARGS, ChromiumMissing, serve
from coursekit.browser import launch as _launch

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "SITE", "PageWatch", "draw_maps", "launch", "require_site",
           "serve"]

SITE = Path(__file__).resolve().parent.parent / "_build" / "html"


def require_site() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail(f"no built site at {SITE}: run 'make site-strict' (or 'make book') first",
                    pytrace=False)
    return SITE


def launch(playwright):
    try:
        return _launch(playwright)
    except ChromiumMissing as exc:
        pytest.fail(str(exc), pytrace=False)


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
