"""Notebook housekeeping: strip outputs so notebooks are committed clean."""

from __future__ import annotations

from pathlib import Path

from .problems import Problem, problem


def _targets(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += [p for p in sorted(path.rglob("*.ipynb"))
                      if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts]
        else:
            found.append(path)
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
        except Exception as exc:  # unreadable or not a notebook: report, never overwrite
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
