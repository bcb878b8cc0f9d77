"""Honest builds (coursekit.execution): a data edit shows after a rebuild, a failing notebook fails it.

The fixture book ``tests/books/execution`` lists events from ``coursekit.data``, executed with the
cache as in the real book. The test builds it against a copy of the package (first on PYTHONPATH,
so the kernel and the extension both import the copy), edits the copy's ``events.yaml`` as an
instructor would, and rebuilds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit import execution

from .conftest import ROOT

BOOK = Path(__file__).resolve().parent / "books" / "execution"
PACKAGE = ROOT / "src" / "coursekit"
TITLE = "  title: The monarchy falls in Iran's revolution\n"


def build(book: Path, pythonpath: Path) -> tuple[int, str]:
    jb = Path(sys.executable).parent / "jupyter-book"
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "NO_COLOR": "1"}
    result = subprocess.run([str(jb), "build", str(book), "--builder", "html"], env=env,
                            capture_output=True, text=True, timeout=600)
    return result.returncode, re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


def page_text(book: Path) -> str:
    from bs4 import BeautifulSoup

    html = (book / "_build" / "html" / "chapters" / "events.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").get_text()


@pytest.mark.slow
def test_an_edit_to_the_data_shows_after_a_rebuild_and_a_broken_edit_fails_it(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(BOOK, book)
    shutil.copytree(PACKAGE, tmp_path / "py" / "coursekit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    events = tmp_path / "py" / "coursekit" / "data" / "events.yaml"
    original = events.read_text(encoding="utf-8")
    assert original.count(TITLE) == 1
    line = original[:original.index(TITLE)].count("\n") + 1
    next_quote = original.index('"', original.index(TITLE) + len(TITLE))
    runs_to = original[:next_quote].count("\n") + 1  # where an unclosed quote on the title ends

    code, out = build(book, tmp_path / "py")
    assert code == 0, out[-3000:]
    assert "The monarchy falls in Iran's revolution" in page_text(book)

    code, out = build(book, tmp_path / "py")  # nothing changed: nothing runs again
    assert code == 0, out[-3000:]
    assert "no targets are out of date" in out and "Executing notebook" not in out

    events.write_text(original.replace(TITLE, "  title: The Shah's rule ends (an edited title)\n"),
                      encoding="utf-8")
    code, out = build(book, tmp_path / "py")
    assert code == 0, out[-3000:]
    assert "Executing notebook" in out
    text = page_text(book)
    assert "The Shah's rule ends (an edited title)" in text
    assert "The monarchy falls" not in text

    events.write_text(original.replace(TITLE, '  title: "The monarchy falls\n'), encoding="utf-8")
    code, out = build(book, tmp_path / "py")
    assert code == 1, out[-3000:]
    failure = [x for x in out.splitlines() if x.startswith("ERROR: chapters/events.md")]
    assert failure == [f"ERROR: chapters/events.md: cell 3: CourseDataError: 1 problem(s) in course "
                       f"data: {events}:{line}: invalid YAML: the quoted text that starts here is "
                       f"not closed on its line (it runs on to line {runs_to}): is a closing \" missing?"]
    assert "ERROR: coursekit: 1 notebook(s) raised an error while executing" in out
    assert "build succeeded" not in out

    code, out = build(book, tmp_path / "py")  # a failure is not forgotten by the next build
    assert code == 1 and failure[0] in out.splitlines(), out[-3000:]

    events.write_text(original, encoding="utf-8")  # back to data built before: its cache is kept
    code, out = build(book, tmp_path / "py")
    assert code == 0, out[-3000:]
    assert "Using cached notebook" in out and "Executing notebook" not in out
    assert "The monarchy falls in Iran's revolution" in page_text(book)


# -- the pieces -----------------------------------------------------------------------------------


def test_the_digest_follows_every_file_but_caches(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "data").mkdir(parents=True)
    (pkg / "data" / "events.yaml").write_text("- id: a\n")
    (pkg / "render.py").write_text("X = 1\n")
    first = execution.inputs_digest([pkg], versions=["coursekit 0.1.0"])
    (pkg / "__pycache__").mkdir()
    (pkg / "__pycache__" / "render.cpython-311.pyc").write_bytes(b"\0")
    (pkg / ".ipynb_checkpoints").mkdir()
    assert execution.inputs_digest([pkg], versions=["coursekit 0.1.0"]) == first
    assert execution.inputs_digest([pkg], versions=["coursekit 0.1.1"]) != first
    (pkg / "data" / "events.yaml").write_text("- id: b\n")
    second = execution.inputs_digest([pkg], versions=["coursekit 0.1.0"])
    assert second != first
    (pkg / "render.py").write_text("X = 2\n")
    assert execution.inputs_digest([pkg], versions=["coursekit 0.1.0"]) not in (first, second)


def test_the_digest_covers_the_installed_package_and_versions():
    inputs = execution.execution_inputs(ROOT, ["data"])
    assert inputs[0] == PACKAGE.resolve() and inputs[1] == ROOT / "data"
    versions = execution._versions()  # noqa: SLF001
    assert versions[0].startswith("python 3.")
    names = {v.split()[0] for v in versions}
    assert {"guards-beyond-borders", "folium", "pydantic", "pyyaml", "ipykernel"} <= names
    assert all(not v.endswith(" -") for v in versions), versions  # every one found installed


def test_old_cache_folders_beyond_the_last_three_are_removed(tmp_path):
    for index, digest in enumerate("abcde"):
        folder = execution.cache_folder(tmp_path, digest * 16)
        os.utime(folder, (1000 + index, 1000 + index))
    execution.cache_folder(tmp_path, "c" * 16)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ck-" + "c" * 16, "ck-" + "d" * 16,
                                                        "ck-" + "e" * 16]


@pytest.mark.parametrize(("traceback", "summary"), [
    ("-----\nCourseDataError                 Traceback (most recent call last)\nCell In[2], line 1\n"
     "----> 1 data.events()\n\nCourseDataError: 1 problem(s) in course data:\nevents.yaml:7: bad\n",
     "CourseDataError: 1 problem(s) in course data: events.yaml:7: bad"),
    ("  Cell In[1], line 1\n    x = (\n        ^\nSyntaxError: '(' was never closed\n",
     "SyntaxError: '(' was never closed"),
    ("-----\nKeyError                 Traceback (most recent call last)\nCell In[3], line 1\n"
     "----> 1 {}['a']\n\nKeyError: 'a'\n", "KeyError: 'a'"),
])
def test_an_error_is_summarised_on_one_line(traceback, summary):
    assert execution.error_summary(traceback) == summary
