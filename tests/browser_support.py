"""Support for browser tests: serve the built site on localhost and drive Debian's Chromium.

The browser is Chromium from the system (``/usr/bin/chromium`` or ``$CHROMIUM``), driven by
Playwright; Playwright never downloads a browser here. Requests to any host other than the local
server are recorded and aborted, so a test can assert that a page made no third-party request.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.browser import CHROMIUM, CHROMIUM_ARGS, ChromiumMissing, PageWatch, draw_maps, serve
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
