"""The student form of the course: the notebooks students open, generated from the book's sources.

``notebooks/`` mirrors the book's notebooks (``chapters/``, ``exercises/``, ``back/``): the same
cells, the same code, with the Markdown in a form every front end renders (see
:mod:`coursekit.student.markdown`) and, at the end of each notebook, the references it cites and
the glossary terms it uses. ``make lab`` opens this folder; the launch buttons (Binder, Colab,
JupyterHub) point into it. Like the exercises' student versions it is committed and generated:
``coursekit notebooks`` writes it, and a test fails when it differs from what would be written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..knowledge.problems import CourseDataError, Problem, problem
from .install import is_install_cell
from .markdown import MystError, Resolver, convert, escape

FORM = "notebooks"
SOURCES = ("chapters", "exercises", "back")
GLOSSARY = Path("back") / "glossary.md"
BIB = Path("src") / "coursekit" / "data" / "references.bib"
BACK_MATTER_ID = "back-matter"
_URL = re.compile(r"(https?://[^\s<>]*[^\s<>.,;:)])")
_GLOSSARY_BLOCK = re.compile(r"^```\{glossary\}\n(.*?)^```", re.S | re.M)


def source_notebooks(root: Path) -> list[Path]:
    """The book's notebooks that have a student form, in a stable order."""
    return [p for folder in SOURCES for p in sorted((root / folder).glob("*.ipynb"))]


def read_glossary(path: Path) -> dict[str, tuple[str, str]]:
    """lower-case term -> (term, definition) from the ``{glossary}`` block of the glossary page."""
    found = _GLOSSARY_BLOCK.search(path.read_text(encoding="utf-8"))
    if not found:
        raise MystError(f"{path}: no {{glossary}} block")
    entries: dict[str, tuple[str, str]] = {}
    pending: list[str] = []
    definition: list[str] = []

    def flush() -> None:
        for term in pending:
            entries[term.lower()] = (term, " ".join(definition))

    for line in found.group(1).splitlines():
        if not line.strip() or line.startswith(":"):
            continue
        if line[0].isspace():
            definition.append(line.strip())
        else:
            if definition:
                flush()
                pending, definition = [], []
            pending.append(line.strip())
    flush()
    return entries


def reference_labels(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Reference key -> label ("Ostovar 2016", "Associated Press 2011a" where labels coincide) and
    key -> full entry as Markdown, from the course's ``references.bib``."""
    from ..knowledge.references import load_references

    refs, _ = load_references(root / BIB, BIB.as_posix())  # its problems are `coursekit check`'s
    by_label: dict[str, list[str]] = defaultdict(list)
    for key, ref in sorted(refs.items(), key=lambda kv: (kv[1].line, kv[0])):
        by_label[ref.short].append(key)
    labels: dict[str, str] = {}
    for label, keys in by_label.items():
        for n, key in enumerate(keys):
            labels[key] = label + (chr(ord("a") + n) if len(keys) > 1 else "")
    entries = {}
    for key, ref in refs.items():
        text = "".join(f"<{part}>" if _URL.fullmatch(part) else escape(part)
                       for part in _URL.split(ref.full) if part)
        url = f" <{ref.url}>" if ref.url and ref.url not in ref.full else ""
        entries[key] = f"- **{escape(labels[key])}**: {text}{url}"
    return labels, entries


def ledger_counts(root: Path) -> dict[str, int]:
    """The claims ledger's counts from the book's data; none when that data has problems (which
    are `coursekit check`'s; a notebook stating a count then fails, the others are written)."""
    from ..knowledge.ledger import course_counts
    from ..knowledge.paths import data_dir_for

    try:
        return course_counts(data_dir_for(root))
    except CourseDataError:
        return {}


def resolver_for(root: Path) -> Resolver:
    labels, entries = reference_labels(root)
    documents = {p.relative_to(root).with_suffix("").as_posix() for p in source_notebooks(root)}
    return Resolver(labels, entries, read_glossary(root / GLOSSARY), documents, ledger_counts(root))


def back_matter(resolver: Resolver) -> str:
    parts = []
    if resolver.cited:
        parts += ["## References", "",
                  *sorted((resolver.entries[k] for k in resolver.cited), key=str.lower), ""]
    if resolver.terms:
        parts += ["## Glossary", ""]
        for term in sorted(resolver.terms, key=str.lower):
            name, definition = resolver.glossary[term.lower()]
            parts.append(f"- **{escape(name)}**: {definition}")
        parts.append("")
    return "\n".join(["---", "", *parts]).rstrip("\n")


def student_notebook(path: Path, root: Path, resolver: Resolver) -> Any:
    """The student form of one notebook of the book (an nbformat notebook)."""
    import nbformat

    document = path.relative_to(root).with_suffix("").as_posix()
    nb = nbformat.read(path, as_version=4)
    resolver.start(document)
    for index, cell in enumerate(nb.cells, 1):
        if cell.cell_type == "markdown":
            cell.source = convert(cell.source, resolver, f"{document}.ipynb: cell {index}")
    if resolver.cited or resolver.terms:
        end = nbformat.v4.new_markdown_cell(back_matter(resolver))
        end.id = BACK_MATTER_ID
        nb.cells.append(end)
    nb.metadata["coursekit_form"] = {"generated_from": f"{document}.ipynb",
                                     "by": "coursekit notebooks (do not edit: edit the source)"}
    return nb


@dataclass
class FormResult:
    written: list[Path]
    stale: list[Path]
    problems: list[Problem]


def render_form(root: Path) -> tuple[dict[Path, str], list[Problem]]:
    """Every notebook of the student form, as the text to write, by path."""
    import nbformat

    out: dict[Path, str] = {}
    problems: list[Problem] = []
    resolver = resolver_for(root)
    for path in source_notebooks(root):
        rel = path.relative_to(root)
        try:
            nb = student_notebook(path, root, resolver)
        except MystError as exc:
            problems.append(problem(rel.as_posix(), str(exc).removeprefix(f"{rel.as_posix()}: ")))
            continue
        if not (nb.cells and is_install_cell(nb.cells[0])):
            problems.append(problem(rel.as_posix(), "the first cell is not the install cell "
                                    "(run 'coursekit notebooks')"))
        out[root / FORM / rel] = nbformat.writes(nb) + "\n"
    return out, problems


def extra_files(root: Path, expected: dict[Path, str]) -> list[Path]:
    return sorted(p for p in (root / FORM).rglob("*.ipynb")
                  if p not in expected and ".ipynb_checkpoints" not in p.parts)
