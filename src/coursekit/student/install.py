"""The first cell of every notebook: install the course package where it is missing.

In a course environment (``make lab``, Binder, the book build, the grader) the package is already
installed, and the cell only looks it up (no pip, no network). On Colab or in a plain Jupyter with a
downloaded notebook, it installs the wheel of this version quietly with the kernel's own pip. The
book hides the cell (tag ``remove-cell``); a downloaded notebook keeps it, so it tells its reader how
to get the package.
"""

from __future__ import annotations

import json
from typing import Any

from .settings import DIST, Settings

CELL_ID = "install"
TAGS = ["remove-cell"]
MARK = "# Course package: installed here when missing"


def install_source(settings: Settings, url: str | None = None) -> str:
    """The cell's code (three lines, laid out as ruff checks notebooks: ``make lint``). ``url``
    overrides the wheel's address (tests serve one locally).

    Plain Python (``run_line_magic`` rather than ``%pip``), so that tools that parse code cells,
    such as ``coursekit release``, accept it; ``%pip`` uses the kernel's own Python.
    """
    where = url or settings.wheel_url
    return (f"import importlib.util  {MARK} (Colab, a downloaded notebook)\n\n"
            "if importlib.util.find_spec(\"coursekit\") is None:\n"
            f"    get_ipython().run_line_magic(\"pip\", 'install --quiet --disable-pip-version-check "
            f"\"{DIST} @ {where}\"')  # noqa: E501 - the wheel's address")


def install_cell(settings: Settings, url: str | None = None) -> dict[str, Any]:
    """The cell as notebook JSON (keys and line splitting as nbformat writes them)."""
    return {"cell_type": "code", "execution_count": None, "id": CELL_ID,
            "metadata": {"tags": list(TAGS)}, "outputs": [],
            "source": install_source(settings, url).splitlines(keepends=True)}


def is_install_cell(cell: Any) -> bool:
    source = cell.get("source", "")
    return cell.get("cell_type") == "code" and MARK in ("".join(source) if isinstance(source, list)
                                                         else source)


def with_install_cell(text: str, settings: Settings) -> str:
    """A notebook's JSON text with the install cell first (replacing an older one). Everything else
    keeps its bytes, so the change is one hunk that merges with edits to other cells."""
    nb = json.loads(text)
    cell = install_cell(settings)
    cells = nb["cells"]
    if cells and is_install_cell(cells[0]):
        cells[0] = cell
    else:
        cells.insert(0, cell)
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
