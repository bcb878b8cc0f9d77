"""Serve a built site on localhost and launch Debian's Chromium: shared by the scripts (PDF,
benchmarks) and the browser tests.

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
