"""Checks of the book's structure: the table of contents and the notebooks.

- every ``_toc.yml`` entry names a file that exists;
- every notebook or page in ``chapters/`` and ``exercises/`` is listed in the toc;
- every notebook is valid JSON and valid nbformat, with the ``python3`` kernelspec;
- no notebook is committed with outputs or execution counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .knowledge import yamlio
from .knowledge.problems import Problem, problem

CONTENT_DIRS = ("chapters", "exercises")
PAGE_SUFFIXES = (".ipynb", ".md")
TOC = "_toc.yml"


def toc_entries(root: Path) -> tuple[list[tuple[str, int | None]], list[Problem]]:
    """The ``file`` entries of the toc (root first), each with its line, and any problems."""
    path = root / TOC
    if not path.exists():
        return [], [problem(TOC, "missing: the book needs a table of contents")]
    try:
        toc = yamlio.load(path, TOC)
    except yamlio.YamlSyntaxError as exc:
        return [], [exc.problem]
    if not isinstance(toc, dict):
        return [], [problem(TOC, "must be a mapping with 'format', 'root' and 'parts'", line=1)]
    found: list[tuple[str, int | None]] = []
    problems: list[Problem] = []
    if toc.get("format") != "jb-book":
        problems.append(problem(TOC, "format must be 'jb-book'", line=yamlio.line_of(toc, ["format"])))
    if "root" not in toc:
        problems.append(problem(TOC, "missing 'root' (the landing page)", line=1))
    else:
        found.append((str(toc["root"]), yamlio.line_of(toc, ["root"])))
    for node in _walk(toc):
        if isinstance(node, dict) and "file" in node:
            found.append((str(node["file"]), yamlio.line_of(node, ["file"])))
    return found, problems


def _walk(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        for key in ("parts", "chapters", "sections"):
            for child in node.get(key) or []:
                yield child
                yield from _walk(child)
    elif isinstance(node, list):
        for child in node:
            yield from _walk(child)


def resolve(root: Path, entry: str) -> Path | None:
    """The file a toc entry names (entries may omit the suffix)."""
    candidate = root / entry
    if candidate.suffix in PAGE_SUFFIXES and candidate.is_file():
        return candidate
    for suffix in PAGE_SUFFIXES:
        with_suffix = root / f"{entry}{suffix}"
        if with_suffix.is_file():
            return with_suffix
    return None


def check_toc(root: Path) -> list[Problem]:
    entries, problems = toc_entries(root)
    listed: set[Path] = set()
    for entry, line in entries:
        target = resolve(root, entry)
        if target is None:
            problems.append(problem(TOC, f"entry '{entry}' names no file (looked for "
                                    f"{', '.join(entry + s for s in PAGE_SUFFIXES)})", line=line))
        else:
            listed.add(target.resolve())
    if entries:
        for page in content_pages(root):
            if page.resolve() not in listed:
                rel = page.relative_to(root).with_suffix("").as_posix()
                problems.append(problem(page.relative_to(root).as_posix(),
                                        f"not in {TOC}: add '- file: {rel}' to a part"))
    return problems


def content_pages(root: Path) -> list[Path]:
    pages: list[Path] = []
    for folder in CONTENT_DIRS:
        base = root / folder
        if base.is_dir():
            pages += [p for p in sorted(base.rglob("*")) if p.suffix in PAGE_SUFFIXES
                      and p.is_file() and not _hidden(p.relative_to(root))]
    return pages


def _hidden(rel: Path) -> bool:
    return any(part.startswith((".", "_")) for part in rel.parts)


def book_pages(root: Path) -> list[Path]:
    """Every page of the book: those the toc lists (that exist) and those in the content folders."""
    entries, _ = toc_entries(root)
    found = {p.resolve(): p for p in content_pages(root)}
    for entry, _line in entries:
        target = resolve(root, entry)
        if target is not None:
            found.setdefault(target.resolve(), target)
    return sorted(found.values())


def notebooks(root: Path) -> list[Path]:
    return [p for p in content_pages(root) if p.suffix == ".ipynb"]


def check_notebook(path: Path, display: str) -> list[Problem]:
    """Problems with one notebook file: JSON, nbformat schema, kernelspec, outputs."""
    import nbformat  # heavy import, only when notebooks are checked

    text, unreadable = yamlio.read_text(path, display)
    if unreadable is not None:
        return [unreadable]
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        return [problem(display, f"not valid JSON: {exc.msg} (column {exc.colno})", line=exc.lineno)]
    if not isinstance(raw, dict) or "cells" not in raw:
        return [problem(display, "not a notebook: no 'cells' list", line=1)]
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - nbformat raises several validation error types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return [problem(display, f"not valid nbformat 4: {first}", line=1)]
    problems: list[Problem] = []
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(problem(display, f"kernelspec is {kernel!r}, expected 'python3'",
                                line=_line_of_key(text, '"kernelspec"')))
    cell_lines = _cell_lines(text)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs") or cell.get("execution_count") is not None:
            line = cell_lines[index] if index < len(cell_lines) else None
            problems.append(problem(display, f"cell {index + 1} has outputs or an execution count "
                                    "(run 'make strip')", line=line))
    return problems


def _line_of_key(text: str, key: str) -> int | None:
    at = text.find(key)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _cell_lines(text: str) -> list[int]:
    """Line of each cell's ``"cell_type"`` key, in order (nbformat writes one per cell)."""
    lines, at = [], text.find('"cell_type"')
    while at >= 0:
        lines.append(text.count("\n", 0, at) + 1)
        at = text.find('"cell_type"', at + 1)
    return lines


def check_notebooks(root: Path) -> list[Problem]:
    problems: list[Problem] = []
    for nb in notebooks(root):
        problems += check_notebook(nb, nb.relative_to(root).as_posix())
    return problems


def check_project(root: Path) -> list[Problem]:
    return check_toc(root) + check_notebooks(root)
