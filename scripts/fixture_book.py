"""Build a fixture book of ``tests/books/`` (with its test data beside it) strictly, into a folder.

Shared by the browser tests and the benchmarks: ``tests/books/maps`` is the one-page book with a
region, an events, a network and a story map drawn from ``tests/data/maps``.

Run alone: .venv/bin/python scripts/fixture_book.py maps DEST
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOKS = ROOT / "tests" / "books"
DATA = ROOT / "tests" / "data"


class FixtureBookFailed(RuntimeError):
    """The fixture book did not build; the message ends with the build's last lines."""


def build_fixture_book(name: str, dest: Path) -> Path:
    """Copy ``tests/books/<name>`` to ``dest`` with ``tests/data/<name>`` as its ``data/`` and build
    it with Jupyter Book (warnings are errors); the built site's folder."""
    shutil.copytree(BOOKS / name, dest)
    if (DATA / name).is_dir():
        shutil.copytree(DATA / name, dest / "data")
    jb = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jb), "build", str(dest), "--builder", "html", "-n", "-W",
                             "--keep-going"], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise FixtureBookFailed(f"fixture book {name} failed to build:\n"
                                + (result.stdout + result.stderr)[-4000:])
    return dest / "_build" / "html"


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: scripts/fixture_book.py NAME DEST")
    try:
        print(build_fixture_book(sys.argv[1], Path(sys.argv[2])))
    except FixtureBookFailed as exc:
        sys.exit(str(exc))
