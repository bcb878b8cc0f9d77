"""What a reader sees of a map at its initial view, measured in the browser, and checked.

- ``chapter_maps(root)``: every map a chapter, exercise or back-matter notebook draws, built in
  this process from the notebook's own map cell (so a test knows each map's frame from the data);
- ``measure(page)``: per ``.ck-map`` on a page, the boxes of the visible markers and labels, the
  area of interest the map was given and the view it opened on, and the outside-view entries;
- ``problems(measured, figure)``: overlapping marker boxes, overlapping label boxes, a view wider
  than the area of interest plus a margin, an area of interest that differs from the data's, and
  outside points that are not listed.

Used by ``tests/test_maps_layout.py`` (built site and notebook outputs), ``tests/test_lab_browser.py``
and ``scripts/screenshot_maps.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# how much wider than the area of interest the initial view may be, in its tighter dimension:
# the bottom padding kept for the legend and layer control (150 of 480 px) and one zoom snap
MARGIN = 1.9

MEASURE = """() => [...document.querySelectorAll('.ck-map')].map(block => {
  const canvas = block.querySelector('.ck-map__canvas');
  const shown = e => {
    const r = e.getBoundingClientRect();
    for (let n = e; n && n !== canvas; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.display === 'none' || s.visibility === 'hidden') return false;
    }
    return r.width > 0 && r.height > 0;
  };
  const boxes = sel => [...canvas.querySelectorAll(sel)].filter(shown).map(e => {
    const r = e.getBoundingClientRect();
    return {box: [r.left, r.top, r.right, r.bottom],
            name: e.getAttribute('aria-label') || e.textContent};
  });
  return {id: block.id, visible: canvas.offsetParent !== null,
          focus: canvas.dataset.ckFocus || null, view: canvas.dataset.ckStartView || null,
          markers: boxes('.leaflet-marker-icon'), labels: boxes('.ck-label'),
          outside: [...canvas.querySelectorAll('.ck-outside__go')].map(b => b.lastChild.textContent.trim())};
})"""


@dataclass
class ChapterMap:
    notebook: str
    figure: object  # coursekit.maps.MapFigure

    @property
    def id(self) -> str:
        return f"ck-map-{self.figure.digest}"


def chapter_maps(root: Path, folders=("chapters", "back")) -> list[ChapterMap]:
    """Every map the notebooks under ``folders`` draw, built from their own map cells."""
    import nbformat

    from coursekit import maps

    out = []
    for folder in folders:
        for path in sorted((root / folder).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                source = cell.source.strip()
                if cell.cell_type == "code" and source.startswith("maps."):
                    figure = eval(source, {"maps": maps})  # noqa: S307 - the course's own cells
                    out.append(ChapterMap(f"{folder}/{path.name}", figure))
    return out


def _overlaps(items: list[dict]) -> list[str]:
    found = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            w = min(a["box"][2], b["box"][2]) - max(a["box"][0], b["box"][0])
            h = min(a["box"][3], b["box"][3]) - max(a["box"][1], b["box"][1])
            if w > 0.5 and h > 0.5:
                found.append(f"{a['name']!r} overlaps {b['name']!r}")
    return found


def _bounds(text: str | None) -> tuple[float, ...] | None:
    return tuple(float(v) for v in text.split(",")) if text else None


def problems(measured: dict, figure=None) -> list[str]:
    """What is wrong with one measured map (``figure``: its MapFigure, to compare with the data)."""
    out = [f"markers: {p}" for p in _overlaps(measured["markers"])]
    out += [f"labels: {p}" for p in _overlaps(measured["labels"])]
    focus, view = _bounds(measured["focus"]), _bounds(measured["view"])
    if focus is None or view is None:
        return [*out, "the map has no area of interest or no recorded start view"]
    dlat, dlon = focus[2] - focus[0], focus[3] - focus[1]
    tol_lat, tol_lon = 0.02 * dlat, 0.02 * dlon
    if not (view[0] <= focus[0] + tol_lat and view[2] >= focus[2] - tol_lat
            and view[1] <= focus[1] + tol_lon and view[3] >= focus[3] - tol_lon):
        out.append(f"the start view {view} does not show the area of interest {focus}")
    ratio = min((view[2] - view[0]) / dlat, (view[3] - view[1]) / dlon)
    if ratio > MARGIN:
        out.append(f"the start view {view} is {ratio:.2f} times the area of interest {focus} "
                   f"(at most {MARGIN})")
    if figure is not None:
        frame = figure.frame
        if [round(v, 4) for v in frame.focus] != [round(v, 4) for v in focus]:
            out.append(f"the map's area of interest {focus} is not the data's {frame.focus}")
        expected = [p.text for p in frame.outside]
        if measured["outside"] != expected:
            out.append(f"outside the view, listed {measured['outside']}, expected {expected}")
    return out


def dump(measured: list[dict]) -> str:
    return json.dumps(measured, indent=1)
