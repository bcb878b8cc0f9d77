"""Notebook housekeeping: strip outputs so notebooks are committed clean."""

from __future__ import annotations

import os
from pathlib import Path

from .knowledge.problems import Problem, problem

BUILD_FOLDERS = frozenset({"_build", "build", "dist", "node_modules", "site-packages", "__pycache__"})


def skipped_folder(folder: Path) -> bool:
    """Whether a notebook search leaves ``folder`` out: hidden folders (``.venv``, ``.git``,
    ``.ipynb_checkpoints``), build output, installed packages, and any virtual environment."""
    return (folder.name.startswith(".") or folder.name in BUILD_FOLDERS
            or (folder / "pyvenv.cfg").is_file() or (folder / "conda-meta").is_dir())


def find_notebooks(folder: Path) -> list[Path]:
    """The notebooks under ``folder``, sorted, outside the folders :func:`skipped_folder` skips."""
    found: list[Path] = []
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not skipped_folder(Path(parent) / d))
        found += [Path(parent) / f for f in files if f.endswith(".ipynb")]
    return sorted(found)


def _targets(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += find_notebooks(path) if path.is_dir() else [path]
    return found


def strip_outputs(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Strip outputs, execution counts and widget state; return changed files and problems.

    A file that cannot be read as a notebook is reported and left untouched.
    """
    import nbformat

    changed: list[Path] = []
    problems: list[Problem] = []
    for path in _targets(paths):
        try:
            text = path.read_text(encoding="utf-8")
            nb = nbformat.reads(text, as_version=4)
        except Exception as exc:  # noqa: BLE001 - unreadable or not a notebook: report, never overwrite
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            problems.append(problem(path, f"not stripped, cannot read notebook: {first}"))
            continue
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
            cell.metadata.pop("execution", None)
        nb.metadata.pop("widgets", None)
        new = nbformat.writes(nb) + "\n"
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed, problems
