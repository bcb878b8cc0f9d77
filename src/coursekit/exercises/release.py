"""Make student notebooks from instructor sources: solutions out, stubs in place (see ``FORMAT.md``).

>>> release(Path("instructor/exercises"), Path("exercises"))  # doctest: +SKIP

The markers follow nbgrader's: in any cell, the lines from ``### BEGIN SOLUTION`` to
``### END SOLUTION`` are replaced by one ``# YOUR CODE HERE`` line (``*Your answer here.*`` in
Markdown), and a Markdown block from ``=== BEGIN MARK SCHEME ===`` to ``=== END MARK SCHEME ===``
is removed. A cell tagged ``solution`` (nbgrader's "solution cell") keeps nothing but that line, and a
cell tagged ``instructor`` is dropped. Outputs, execution counts and metadata other than tags go.
The result is the same bytes on every run, so the committed student notebooks can be compared with
a fresh release.

Release also writes the checks' **practice prints** (``practice.json`` in this package, see
:mod:`.keys`) from the grading keys in ``<source>/keys/``: salted digests of the right answers and
of the known mistakes, never the answers themselves.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..knowledge.problems import Problem, ProblemsError, problem

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
SCHEME_BEGIN, SCHEME_END = "=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ==="
CODE_STUB = "# YOUR CODE HERE"
TEXT_STUB = "*Your answer here.*"
KEEP_TAGS = ("task", "starter", "check", "hint", "setup", "answer")
_MARKER = re.compile(r"(###\s*(BEGIN|END)\s+SOLUTION|===\s*(BEGIN|END)\s+MARK\s+SCHEME\s*===)")


class ReleaseError(ProblemsError):
    """An instructor notebook that cannot be released; ``problems`` says where and why."""


@dataclass
class Released:
    source: Path
    dest: Path
    solutions: int = 0
    problems: list[Problem] = field(default_factory=list)


def _strip_regions(lines: list[str], begin: str, end: str, stub: str | None, where: str,
                   problems: list[Problem]) -> tuple[list[str], list[list[str]]]:
    """Remove begin..end regions (inclusive); return the kept lines and the removed bodies."""
    out: list[str] = []
    removed: list[list[str]] = []
    inside: list[str] | None = None
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if text == begin:
            if inside is not None:
                problems.append(problem(where, f"line {number}: {begin!r} inside another region"))
            inside = []
            if stub is not None:
                indent = line[:len(line) - len(line.lstrip())]
                out.append(f"{indent}{stub}\n")
        elif text == end:
            if inside is None:
                problems.append(problem(where, f"line {number}: {end!r} without {begin!r}"))
            else:
                removed.append(inside)
            inside = None
        elif inside is not None:
            inside.append(line)
        else:
            out.append(line)
    if inside is not None:
        problems.append(problem(where, f"{begin!r} is never closed by {end!r}"))
    return out, removed


def solution_texts(nb: Any) -> list[str]:
    """Every piece of solution text in an instructor notebook (regions, mark schemes, solution cells)."""
    found: list[str] = []
    sink: list[Problem] = []
    for index, cell in enumerate(nb.cells):
        lines = cell.source.splitlines(keepends=True)
        tags = cell.metadata.get("tags", [])
        if "solution" in tags or "instructor" in tags:
            found.append(cell.source)
            continue
        _, removed = _strip_regions(lines, BEGIN, END, None, f"cell {index}", sink)
        found += ["".join(r) for r in removed]
        _, removed = _strip_regions(lines, SCHEME_BEGIN, SCHEME_END, None, f"cell {index}", sink)
        found += ["".join(r) for r in removed]
    return [t for t in found if t.strip()]


def student_version(nb: Any, where: str = "notebook") -> Any:
    """The student notebook for instructor notebook ``nb``; :class:`ReleaseError` if it is malformed."""
    import nbformat

    problems: list[Problem] = []
    cells = []
    count = 0
    for index, cell in enumerate(nb.cells):
        place = f"{where}: cell {index + 1}"
        tags = list(cell.metadata.get("tags", []))
        if "instructor" in tags:
            count += 1
            continue
        code = cell.cell_type == "code"
        stub = CODE_STUB if code else TEXT_STUB
        if "solution" in tags and cell.cell_type == "markdown":
            source, removed = stub, [[cell.source]]
        else:
            lines = cell.source.splitlines(keepends=True)
            lines, removed = _strip_regions(lines, BEGIN, END, stub, place, problems)
            lines, schemes = _strip_regions(lines, SCHEME_BEGIN, SCHEME_END, None, place, problems)
            removed += schemes
            source = "".join(lines).rstrip("\n")
        count += len(removed)
        if _MARKER.search(source):
            problems.append(problem(place, "a solution or mark-scheme marker is misspelt or misplaced; "
                                    f"write {BEGIN!r} / {END!r} alone on their lines"))
        if code:
            try:
                ast.parse(source.replace("%", "#"))
            except SyntaxError as exc:
                problems.append(problem(place, "the student version is not valid Python once the solution "
                                        f"is removed ({exc.msg}, line {exc.lineno}): put the stub (e.g. "
                                        "`answer = ...`) before the solution region"))
            new = nbformat.v4.new_code_cell(source)
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(source)
        else:
            new = nbformat.v4.new_raw_cell(source)
        new.id = cell.get("id") or f"cell-{index}"
        keep = [t for t in tags if t in KEEP_TAGS or t.startswith("remove") or t.startswith("hide")]
        if keep:
            new.metadata["tags"] = keep
        cells.append(new)
    if problems:
        raise ReleaseError(problems)
    out = nbformat.v4.new_notebook(cells=cells)
    out.nbformat_minor = max(nb.get("nbformat_minor", 5), 5)
    for key in ("kernelspec", "language_info", "coursekit"):
        if key in nb.metadata:
            out.metadata[key] = nb.metadata[key]
    return out, count


def render(nb: Any) -> str:
    import nbformat

    return nbformat.writes(nb) + "\n"


def release(source: Path, dest: Path) -> list[Released]:
    """Write the student version of every notebook in ``source`` (a folder or a file) into ``dest``.

    A notebook that cannot be released is reported in its result's ``problems`` and not written; the
    others are still released.
    """
    import nbformat

    paths = sorted(source.glob("*.ipynb")) if source.is_dir() else [source]
    if source.is_dir() and not paths:
        return [Released(source, dest, problems=[problem(source, "no notebooks to release")])]
    results = []
    for path in paths:
        target = dest / path.name
        result = Released(path, target)
        try:
            nb = nbformat.read(path, as_version=4)
            student, result.solutions = student_version(nb, str(path))
        except ReleaseError as exc:
            result.problems = exc.problems
        except Exception as exc:  # noqa: BLE001 - unreadable: report it, release the rest
            result.problems = [problem(path, f"cannot read notebook: {exc}")]
        else:
            dest.mkdir(parents=True, exist_ok=True)
            text = render(student)
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")
        results.append(result)
    return results


def release_prints(keys_folder: Path, target: Path) -> Released:
    """Write the practice prints of the grading keys in ``keys_folder`` to ``target`` (if they changed)."""
    from .keys import MissingKey, practice_file

    result = Released(keys_folder, target)
    if not keys_folder.is_dir():
        result.problems = [problem(keys_folder, "no grading keys here (one <exercise>.py per exercise)")]
        return result
    try:
        text = practice_file(keys_folder, target)
    except MissingKey as exc:
        result.problems = [problem(keys_folder, str(exc))]
        return result
    except Exception as exc:  # noqa: BLE001 - a grading key that fails: name it
        result.problems = [problem(keys_folder, f"a grading key failed: {type(exc).__name__}: {exc}")]
        return result
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    result.solutions = text.count('"answer"')
    return result
