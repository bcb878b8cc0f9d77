"""Maps a reader can read, on every page of the built site, in Chromium (third-party blocked).

At each map's initial view: no two marker boxes overlap, no two label boxes overlap, the view
spans the map's area of interest and not much more (``MARGIN`` in ``scripts/map_layout.py``), the
area of interest is the one computed from the data (each map is rebuilt here from its notebook's own cell and
matched by its content id), and every point outside it is listed on the map. The same checks run
on the notebook outputs in JupyterLab (``test_lab_browser.py``) and on a bare page of every
notebook output (below), which needs no built site.
"""

from __future__ import annotations

import pytest
from scripts.map_layout import MEASURE, chapter_maps, problems

from .browser_support import PageWatch, draw_maps, serve
from .conftest import ROOT

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def figures():
    return {m.id: m for m in chapter_maps(ROOT)}


def pages_with_maps(figures) -> list[str]:
    return sorted({m.notebook.replace(".ipynb", ".html") for m in figures.values()})


def check_page(browser, origin: str, path: str, figures) -> tuple[int, list[str]]:
    page = browser.new_page(viewport=VIEWPORT)
    watch = PageWatch(page, origin)
    page.goto(f"{origin}/{path}", wait_until="load")
    count = draw_maps(page)
    found = []
    for measured in page.evaluate(MEASURE):
        known = figures.get(measured["id"])
        if known is None:
            found.append(f"{measured['id']}: not a map of the course's notebooks (stale build?)")
        found += [f"{path} {measured['id']}: {p}" for p in problems(measured, known and known.figure)]
    found += [f"{path}: {e}" for e in watch.page_errors + watch.console_errors]
    found += [f"{path}: third-party request {u}" for u in watch.third_party]
    page.close()
    return count, found


def test_every_chapter_map_on_the_site_is_readable_at_its_initial_view(browser, built_site, figures):
    pages = pages_with_maps(figures)
    assert len(pages) >= 10
    drawn, found = 0, []
    for path in pages:
        count, wrong = check_page(browser, built_site, path, figures)
        drawn += count
        found += wrong
    assert drawn == len(figures)
    assert found == []


def test_every_notebook_map_output_is_readable_on_its_own(browser, tmp_path, figures):
    """The outputs as a notebook shows them (assets inlined), one page per map."""
    for index, known in enumerate(figures.values()):
        (tmp_path / f"{index}.html").write_text(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>map</title></head>"
            f"<body><main style='max-width: 60rem'>{known.figure._repr_html_()}</main></body></html>",
            encoding="utf-8")
    with serve(tmp_path) as origin:
        found = []
        for index in range(len(figures)):
            count, wrong = check_page(browser, origin, f"{index}.html", figures)
            assert count == 1
            found += wrong
    assert found == []


def test_the_checks_catch_overlaps_a_wide_view_and_a_missing_outside_list():
    box = {"box": [0, 0, 22, 22], "name": "a"}
    measured = {"markers": [box, {**box, "name": "b"}],
                "labels": [box, {"box": [30, 0, 40, 10], "name": "c"}],
                "focus": "30,40,35,45", "view": "0,0,60,90", "outside": []}
    found = problems(measured)
    assert found[0] == "markers: 'a' overlaps 'b'"
    assert any("times the area of interest" in p for p in found) and len(found) == 2
    measured["view"] = "31,41,34,44"
    assert any("does not show the area of interest" in p for p in problems(measured))
