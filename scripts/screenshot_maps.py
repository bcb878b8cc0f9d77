"""Screenshots of every map of the course, at a fixed viewport, for review: `make screenshots`.

Each map a chapter or back-matter notebook draws is built from the notebook's own cell, shown
on a page of its own as a notebook output shows it (assets inlined, nothing from the network),
drawn in Chromium at 1280 x 900, and its canvas saved as
``_build/screenshots/<notebook>-<n>.png`` (not committed). Each map's layout is checked as the
browser tests check it (``scripts/map_layout.py``: no overlapping markers or labels, the view on
the area of interest, far points listed); problems are printed and make the exit status 1.

Run alone: .venv/bin/python scripts/screenshot_maps.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the layout checks live in scripts/map_layout.py
    sys.path.insert(0, str(ROOT))

OUT = ROOT / "_build" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
PAGE = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
        "<body style='margin: 1rem'><main style='max-width: 60rem'>{html}</main></body></html>")


def screenshots(out: Path = OUT) -> list[tuple[str, int, list[str]]]:
    """(file name, map data in bytes, layout problems) for every map, screenshots written to ``out``."""
    from playwright.sync_api import sync_playwright
    from scripts.map_layout import MEASURE, chapter_maps, problems

    from coursekit.browser import PageWatch, draw_maps, launch, serve

    out.mkdir(parents=True, exist_ok=True)
    found = chapter_maps(ROOT)
    rows = []
    with tempfile.TemporaryDirectory(prefix="coursekit-screenshots-") as tmp:
        names = []
        for known in found:
            stem = Path(known.notebook).stem
            name = f"{stem}-{sum(1 for n in names if n.startswith(stem + '-')) + 1}"
            names.append(name)
            (Path(tmp) / f"{name}.html").write_text(
                PAGE.format(title=name, html=known.figure._repr_html_()), encoding="utf-8")
        with serve(Path(tmp)) as origin, sync_playwright() as p:
            browser = launch(p)
            for name, known in zip(names, found, strict=True):
                page = browser.new_page(viewport=VIEWPORT)
                watch = PageWatch(page, origin)
                page.goto(f"{origin}/{name}.html", wait_until="load")
                draw_maps(page)
                wrong = problems(page.evaluate(MEASURE)[0], known.figure)
                wrong += watch.page_errors + watch.console_errors + watch.third_party
                page.locator(".ck-map__canvas").screenshot(path=str(out / f"{name}.png"))
                rows.append((f"{name}.png", known.figure.data_size, wrong))
                page.close()
            browser.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshots of every course map, with layout checks.")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    rows = screenshots(args.out)
    for name, size, wrong in rows:
        print(f"{name:45} {size / 1000:6.1f} kB  {'ok' if not wrong else 'PROBLEMS'}")
        for problem in wrong:
            print(f"    {problem}")
    print(f"{len(rows)} maps in {args.out}")
    return 0 if all(not w for _, _, w in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
