"""Shared fixtures: the repository root, and fixture books copied into a temp folder.

Fixture notebooks are stored as ``*.ipynb.in`` (so the repository holds no notebook with outputs
and nbval never collects them); :func:`materialize` copies a case and renames them to ``.ipynb``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def materialize(case: Path, dest: Path) -> Path:
    shutil.copytree(case, dest, dirs_exist_ok=True)
    for stored in list(dest.rglob("*.ipynb.in")):
        stored.rename(stored.with_suffix(""))
    return dest


@pytest.fixture
def repo_root() -> Path:
    return ROOT


def expected_lines(case: Path) -> list[str]:
    path = case / "expected.txt"
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's, driven by Playwright) for every browser test."""
    from playwright.sync_api import sync_playwright

    from .browser_support import launch

    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def built_site():
    """The origin of a local server for the built book in _build/html."""
    from .browser_support import require_site, serve

    with serve(require_site()) as origin:
        yield origin
