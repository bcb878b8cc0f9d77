"""Two clean builds of the book give byte-identical sites.

The book is copied once into a temporary folder (so an edit made while the test runs cannot make the
two builds differ) and built twice, into two fresh output folders, with ``jupyter-book build
--path-output``. To keep the test short, the first build starts from the repository's execution
cache (``_build/.jupyter_cache``) when there is one, and the second reuses the first build's cache, so
each notebook is executed at most once; the rendering, the extensions and everything written after
execution are compared. (A build that executes every notebook afresh was checked by hand to give the
same pages: map and quiz ids come from their content, not from chance.)

Files that Sphinx stamps with the build time: none. Sphinx 7.4 writes ``.buildinfo`` with hashes of
the configuration and tags only, and a page carries a date only if ``html_last_updated_fmt`` is set,
which this book does not do. ``STAMPED`` is where such a file would be named.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path("_build") / ".jupyter_cache"
LEFT_OUT = (".git", ".venv", "_build", "node_modules", ".pytest_cache", ".ruff_cache", ".coursekit",
            ".ipynb_checkpoints", "__pycache__")
STAMPED: tuple[str, ...] = ()  # files, relative to the site, that legitimately differ between builds


def build(book: Path, output: Path, cache_from: Path | None) -> Path:
    if cache_from is not None and cache_from.is_dir():
        shutil.copytree(cache_from, output / CACHE)
    jb = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jb), "build", str(book), "--builder", "html", "--path-output", str(output)],
                            capture_output=True, text=True, timeout=900)
    html = output / "_build" / "html"
    if result.returncode != 0 or not (html / "index.html").exists():
        pytest.fail("the book did not build:\n" + "\n".join((result.stdout + result.stderr)
                                                            .splitlines()[-30:]), pytrace=False)
    return html


def differences(left: Path, right: Path) -> list[str]:
    """Files (relative paths) that are missing on one side or differ in any byte."""
    found = []
    names = {p.relative_to(left).as_posix() for p in left.rglob("*") if p.is_file()}
    names |= {p.relative_to(right).as_posix() for p in right.rglob("*") if p.is_file()}
    for name in sorted(names - set(STAMPED)):
        a, b = left / name, right / name
        if not (a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)):
            found.append(name)
    return found


def test_differences_reports_missing_and_changed_files(tmp_path):
    for side, text in (("a", "x"), ("b", "y")):
        (tmp_path / side / "sub").mkdir(parents=True)
        (tmp_path / side / "same.html").write_text("same")
        (tmp_path / side / "sub" / "page.html").write_text(text)
    (tmp_path / "a" / "only-left.js").write_text("")
    assert differences(tmp_path / "a", tmp_path / "b") == ["only-left.js", "sub/page.html"]


@pytest.mark.slow
def test_two_clean_builds_give_identical_sites(tmp_path):
    book = tmp_path / "book"
    shutil.copytree(ROOT, book, symlinks=True, ignore=shutil.ignore_patterns(*LEFT_OUT))
    first = build(book, tmp_path / "first", ROOT / CACHE)
    second = build(book, tmp_path / "second", tmp_path / "first" / CACHE)
    pages = sorted(p.relative_to(first).as_posix() for p in first.rglob("*.html"))
    assert len(pages) > 10
    differing = differences(first, second)
    assert not differing, f"{len(differing)} file(s) differ between two builds: {differing[:20]}"
