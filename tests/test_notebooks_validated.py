"""Every notebook executes in exactly one of the two places that run notebooks in `make test`.

The strict build (`make site-strict`) executes every notebook of the book and fails on an error
(coursekit.execution); nbval (`make nbval`) executes the notebooks the book does not build, listed
in the Makefile's NBVAL_NOTEBOOKS. Running nbval over the book's notebooks as well would execute
each of them twice.
"""

from __future__ import annotations

import re
from pathlib import Path

from coursekit.project import resolve, toc_entries

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_FOLDERS = ("chapters", "back", "exercises", "instructor/exercises")


def nbval_paths() -> list[Path]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^NBVAL_NOTEBOOKS := (.+)$", makefile, re.MULTILINE)
    assert found, "the Makefile sets NBVAL_NOTEBOOKS"
    return [ROOT / p for p in found.group(1).split()]


def in_book() -> set[Path]:
    entries, problems = toc_entries(ROOT)
    assert not problems
    return {p.resolve() for entry, _ in entries if (p := resolve(ROOT, entry)) is not None}


def nbval_notebooks() -> set[Path]:
    out: set[Path] = set()
    for path in nbval_paths():
        out |= {path.resolve()} if path.suffix == ".ipynb" else {p.resolve() for p in path.glob("*.ipynb")}
    return out


def test_every_notebook_is_executed_by_the_build_or_by_nbval():
    notebooks = {p.resolve() for folder in NOTEBOOK_FOLDERS for p in (ROOT / folder).glob("*.ipynb")}
    assert notebooks, "no notebooks found"
    missed = notebooks - in_book() - nbval_notebooks()
    assert not missed, f"executed by neither the strict build nor nbval: {sorted(map(str, missed))}"


def test_no_notebook_is_executed_twice():
    twice = in_book() & nbval_notebooks()
    assert not twice, f"executed by both the strict build and nbval: {sorted(map(str, twice))}"


def test_the_nbval_list_names_existing_notebooks():
    assert nbval_notebooks(), "NBVAL_NOTEBOOKS holds no notebook"
    for path in nbval_paths():
        assert path.exists(), f"NBVAL_NOTEBOOKS names {path}, which does not exist"
