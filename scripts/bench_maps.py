"""Map benchmarks, for `make bench` (called from scripts/bench.py) or on their own.

- map data: the bytes each map adds to its page (its HTML and script, without the Leaflet and
  runtime assets the site serves once), for every map of the fixture chapter
  (tests/books/maps) and for chapter-sized maps of the real course data; target <= 250 kB;
- every map of the chapters and back matter: its data, its layout at the initial view (as the
  browser tests check it) and a screenshot at a fixed viewport in _build/screenshots/
  (scripts/screenshot_maps.py, also `make screenshots`);
- page load: the fixture chapter page (four maps) in Chromium from a local server, from
  navigation to every map drawn, median of 5 cold loads; target < 1 s. The fixture book uses
  the stock theme, so the same is measured for its index page (no map): the difference is what
  the maps cost; the rest is the theme (its 1.5 MB fontawesome.js, see the offline-site notes).

Run alone: .venv/bin/python scripts/bench_maps.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_BYTES = 250_000
LOAD_TARGET_S = 1.0
Row = tuple[str, str, str, bool]
MAPS_DRAWN = ("document.querySelectorAll('.ck-map .leaflet-marker-icon').length > 0"
              " && document.querySelectorAll('.ck-map .leaflet-container').length === 4")


def _kb(size: int) -> str:
    return f"{size / 1000:.1f} kB"


def _course_maps():
    """Chapter-sized maps of the real course data, or None while the data does not validate."""
    from coursekit import data, maps
    from coursekit.knowledge.problems import CourseDataError

    try:
        course = data.course()
    except CourseDataError:
        return None
    capitals = [p.id for p in course.places.values()
                if p.kind == "capital" and p.country in ("IRQ", "SYR", "LBN")]
    return {
        "region: Iraq, Syria, Lebanon": maps.region_map(["IRQ", "SYR", "LBN"], places=capitals,
                                                       caption="Region.", course=course),
        "events: every event, by period": maps.events_map(caption="Events.", course=course),
        "network: Iran": maps.network_map("iran", caption="Network.", course=course),
        "story: Soleimani": maps.story_map(
            "soleimani-career" if "soleimani-career" in course.stories else "qasem-soleimani",
            caption="Story.", course=course),
    }


def _page_load(origin: str, path: str, ready: str, repeats: int = 5) -> tuple[float, int]:
    """(median seconds from navigation to ``ready`` being true, bytes transferred) for one page.

    Maps are drawn as they near the viewport, so every map is scrolled into view first: the time
    covers loading the page and drawing all of its maps.
    """
    from playwright.sync_api import sync_playwright

    from coursekit.browser import PageWatch, draw_maps, launch

    times, size = [], 0
    with sync_playwright() as p:
        browser = launch(p)
        for _ in range(repeats):
            context = browser.new_context()          # a cold cache every time
            page = context.new_page()
            PageWatch(page, origin)
            sizes: list[int] = []
            page.on("requestfinished", lambda r, sizes=sizes: sizes.append(r.sizes()["responseBodySize"]))
            start = time.perf_counter()
            page.goto(f"{origin}/{path}", wait_until="load")
            draw_maps(page)
            page.wait_for_function(ready)
            times.append(time.perf_counter() - start)
            size = sum(sizes)
            context.close()
        browser.close()
    return statistics.median(times), size


def bench() -> list[Row]:
    from bs4 import BeautifulSoup
    from scripts.fixture_book import build_fixture_book

    from coursekit.browser import serve

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="coursekit-bench-maps-") as tmp:
        html = build_fixture_book("maps", Path(tmp) / "book")
        page = BeautifulSoup((html / "chapters" / "maps.html").read_text(encoding="utf-8"), "html.parser")
        for block in page.select(".ck-map"):  # the site links the assets: the block is the map's data
            size = len(str(block).encode("utf-8"))
            kind = next(c for c in block["class"] if c.startswith("ck-map--")).removeprefix("ck-map--")
            rows.append((f"map data, fixture chapter: {kind}", _kb(size), "<= 250 kB", size <= BUDGET_BYTES))
        with serve(html) as origin:
            seconds, weight = _page_load(origin, "chapters/maps.html", MAPS_DRAWN)
            base_seconds, base_weight = _page_load(origin, "index.html", "true")
    rows.append(("page load, fixture chapter (4 maps)", f"{seconds * 1000:.0f} ms", "< 1000 ms",
                 seconds < LOAD_TARGET_S))
    rows.append(("page load, fixture index (theme only, no map)", f"{base_seconds * 1000:.0f} ms", "",
                 True))
    rows.append(("page weight, fixture chapter / index", f"{_kb(weight)} / {_kb(base_weight)}", "",
                 True))
    from scripts.screenshot_maps import OUT, screenshots

    shots = screenshots()
    for name, size, wrong in shots:
        rows.append((f"map data and layout, {name.removesuffix('.png')}", _kb(size),
                     "<= 250 kB, no overlap, framed", size <= BUDGET_BYTES and not wrong))
    rows.append((f"screenshots of every course map ({len(shots)})", str(OUT.relative_to(ROOT)), "", True))
    course_maps = _course_maps()
    if course_maps is None:
        rows.append(("map data, course data", "n/a", "course data does not validate yet", True))
    else:
        for name, figure in course_maps.items():
            rows.append((f"map data, course: {name}", _kb(figure.data_size), "<= 250 kB",
                         figure.data_size <= BUDGET_BYTES))
    return rows


def main() -> int:
    rows = bench()
    widths = [max(len(str(r[i])) for r in rows) for i in range(3)]
    for measure, value, target, ok in rows:
        print(f"{measure.ljust(widths[0])}  {value.ljust(widths[1])}  {target.ljust(widths[2])}  "
              f"{'ok' if ok else 'MISSED'}")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
