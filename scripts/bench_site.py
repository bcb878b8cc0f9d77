"""Benchmark the built site (``_build/html``) in Chromium: bytes per page and page load time.

Each page is loaded from a local server in a fresh browser context (a cold cache), ``runs`` times;
its weight is every byte it downloads (the page, scripts, stylesheets, fonts, images, map data) once
the network is idle, from the browser's resource timing, and its load time is the navigation's
``loadEventEnd``; the run with the median load time is kept. Other hosts do not resolve, and requests
to them are counted. Targets (issue 9): the median chapter page under
1 MB in all, every page loaded in under 1 s.

Usage::

    python scripts/bench_site.py            # after `make book`
    python scripts/bench_site.py --pages    # also one line per page
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from coursekit.browser import CHROMIUM, ChromiumMissing, launch, serve

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
# other hosts do not resolve: a third-party request fails at once and is counted
NO_OTHER_HOSTS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
SKIPPED_FOLDERS = {"_static", "_sources", "_images", "_coursekit", "reports"}
MAX_CHAPTER_MEDIAN_BYTES = 1_000_000
MAX_LOAD_MS = 1000


@dataclass(frozen=True)
class PageLoad:
    page: str
    bytes: int
    requests: int
    load_ms: float
    third_party: int


def site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not SKIPPED_FOLDERS.intersection(p.relative_to(site).parts))


def _load_once(browser, origin: str, page_path: str) -> PageLoad:
    context = browser.new_context()
    page = context.new_page()
    host = urlparse(origin).netloc
    third_party: list[str] = []
    # no request interception (it slows every request down): other hosts do not resolve (see
    # NO_OTHER_HOSTS) and requests to them are counted here
    page.on("request", lambda request: urlparse(request.url).netloc not in ("", host)
            and third_party.append(request.url))
    page.goto(f"{origin}/{page_path}", wait_until="load")
    load_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    page.wait_for_load_state("networkidle")
    sizes = page.evaluate("['navigation', 'resource'].flatMap(t => performance.getEntriesByType(t))"
                          ".map(e => e.decodedBodySize)")
    context.close()
    return PageLoad(page_path, sum(sizes), len(sizes), float(load_ms), len(third_party))


def measure(site: Path = SITE, runs: int = 3, chromium: str = CHROMIUM) -> list[PageLoad]:
    """Every page of ``site``, each loaded ``runs`` times cold; the run with the median load time."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"no built site at {site}: run 'make book' first")
    from playwright.sync_api import sync_playwright

    results = []
    with serve(site) as origin, sync_playwright() as playwright:
        browser = launch(playwright, chromium, NO_OTHER_HOSTS)
        try:
            _load_once(browser, origin, "index.html")  # warm up the browser process, not the cache
            for page_path in site_pages(site):
                loads = sorted((_load_once(browser, origin, page_path) for _ in range(runs)),
                               key=lambda load: load.load_ms)
                results.append(loads[len(loads) // 2])
        finally:
            browser.close()
    return results


def _mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def bench(site: Path = SITE, runs: int = 3,
          loads: list[PageLoad] | None = None) -> list[tuple[str, str, str, bool]]:
    """(measure, value, target, ok) rows for the site's pages against the issue's targets."""
    loads = loads if loads is not None else measure(site, runs)
    weights = [load.bytes for load in loads]
    chapters = [load.bytes for load in loads if load.page.startswith("chapters/")] or weights
    times = [load.load_ms for load in loads]
    slowest = max(loads, key=lambda load: load.load_ms)
    heaviest = max(loads, key=lambda load: load.bytes)
    chapter_median = statistics.median(chapters)
    third_party = sum(load.third_party for load in loads)
    return [
        ("pages measured", str(len(loads)), "every page", bool(loads)),
        ("bytes per chapter page, median", _mb(chapter_median), f"< {_mb(MAX_CHAPTER_MEDIAN_BYTES)}",
         chapter_median < MAX_CHAPTER_MEDIAN_BYTES),
        ("bytes per page, median", _mb(statistics.median(weights)), "(reported)", True),
        ("bytes per page, max", f"{_mb(heaviest.bytes)} ({heaviest.page})", "(reported)", True),
        ("load time, median", f"{statistics.median(times):.0f} ms", f"< {MAX_LOAD_MS} ms",
         statistics.median(times) < MAX_LOAD_MS),
        ("load time, max", f"{slowest.load_ms:.0f} ms ({slowest.page})", f"< {MAX_LOAD_MS} ms",
         slowest.load_ms < MAX_LOAD_MS),
        ("third-party requests", str(third_party), "0", third_party == 0),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="example: python scripts/bench_site.py --runs 5 --pages")
    parser.add_argument("site", nargs="?", type=Path, default=SITE,
                        help="the built site (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="cold loads per page (default: %(default)s)")
    parser.add_argument("--pages", action="store_true", help="also print one line per page")
    args = parser.parse_args(argv)
    try:
        loads = measure(args.site, args.runs)
    except (FileNotFoundError, ChromiumMissing) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.pages:
        for load in loads:
            print(f"{load.page:45} {_mb(load.bytes):>8} {load.requests:3d} requests {load.load_ms:6.0f} ms")
        print()
    rows = bench(loads=loads)
    for measure_name, value, target, ok in rows:
        print(f"{measure_name:32} {value:48} target {target:10} {'ok' if ok else 'MISSED'}")
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
