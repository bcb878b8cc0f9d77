"""``coursekit check``: every check of the course in one run, as a value."""

from __future__ import annotations

import os
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .citations import check_citations, check_ledger_roles
from .knowledge import yamlio
from .knowledge.ledger import counts_of
from .knowledge.links import Anything, check_links
from .knowledge.loader import FILES, Course, load_course
from .knowledge.paths import data_dir_for
from .knowledge.problems import Problem, problem
from .knowledge.references import load_references
from .knowledge.stats import stats_of
from .project import TOC, book_pages, check_notebook, check_project


@dataclass
class CheckResult:
    problems: list[Problem]
    stats: dict[str, int] = field(default_factory=dict)
    checked: str = ""
    warnings: list[Problem] = field(default_factory=list)  # reported, but the check still passes

    @property
    def ok(self) -> bool:
        return not self.problems


def _shower(root: Path):
    def show(path: Path) -> str:
        try:
            return Path(os.path.relpath(path, root)).as_posix()
        except ValueError:  # another drive on Windows
            return str(path)
    return show


def known_references(course: Course) -> Container[str]:
    """The reference keys of the course, or every key when references.bib could not be read
    (its parse error is reported; the keys it hid are not reported as unknown)."""
    return Anything() if "references" in course.unreadable else set(course.references)


def ledger_counts(course: Course, problems: list[Problem], claims_file: str) -> dict[str, int] | None:
    """The claims ledger's counts, or None when ``claims_file`` (as shown) has a problem: a count
    of a ledger that was not all read would be a guess, and its problems are reported already."""
    if "claims" in course.unreadable or any(p.file == claims_file for p in problems):
        return None
    return counts_of(course)


def _bibliography(root: Path, data_dir: Path, course: Course,
                  show: Callable[[Path], str]) -> tuple[Container[str], str, list[Problem]]:
    """The keys pages may cite (those of the book's ``bibtex_bibfiles``), the name to show, and any
    problem reading them. Keys count as known when a bibliography could not be read."""
    config, problems = _book_config(root)
    listed = config.get("bibtex_bibfiles") if isinstance(config, dict) else None
    data_bib = (data_dir / FILES["references"]).resolve()
    if not isinstance(listed, list) or not listed:
        return known_references(course), FILES["references"], problems
    keys: set[str] = set()
    for name in listed:
        path = root / str(name)
        if path.resolve() == data_bib:
            if "references" in course.unreadable:
                return Anything(), str(name), problems
            keys |= set(course.references)
            continue
        if not path.exists():
            problems.append(problem(show(path), "missing: _config.yml lists it in bibtex_bibfiles",
                                    blocks=True))
            return Anything(), str(name), problems
        refs, found = load_references(path, show(path))
        problems += found
        if any(p.blocks for p in found):
            return Anything(), str(name), problems
        keys |= set(refs)
    return keys, ", ".join(map(str, listed)), problems


def _book_config(root: Path) -> tuple[Any, list[Problem]]:
    path = root / "_config.yml"
    if not path.is_file():
        return {}, []
    try:
        return yamlio.load(path, "_config.yml"), []
    except yamlio.YamlSyntaxError as exc:
        return {}, [exc.problem]


def check_course(root: Path, data_dir: Path | None = None) -> CheckResult:
    """Check the book at ``root``: toc, notebooks, citations, and every data file. Never raises on
    bad input.

    The data checked is ``data_dir`` if given, else the book's ``src/coursekit/data``, else the
    data shipped with the installed package.
    """
    root = root.resolve()
    if root.is_file():
        return check_file(root, data_dir)
    if not root.is_dir():
        return CheckResult([problem(str(root), "no such file or folder")], checked=str(root))
    data_dir = data_dir or data_dir_for(root)
    if not data_dir.is_dir():
        return CheckResult([problem(str(data_dir), "no such data folder")], checked=str(root))
    problems = check_project(root)
    show = _shower(root)
    course, found = load_course(data_dir, show=show)
    problems += found + check_links(course)
    known, bibliography, found = _bibliography(root, data_dir, course, show)
    problems += found
    pages = [(p, show(p)) for p in book_pages(root)]
    problems += check_citations(pages, known, bibliography) + check_ledger_roles(pages)
    from .quiz.bank import check_banks

    ledger = ledger_counts(course, problems, show(data_dir / FILES["claims"]))
    problems += check_banks(data_dir / "quizzes", known_references(course),  # type: ignore[arg-type]
                            show=show, ledger=ledger)
    from .student.settings import placeholder_warnings

    return CheckResult(problems, stats_of(course), checked=str(root), warnings=placeholder_warnings(root))


def book_root(path: Path) -> Path:
    """The book a file belongs to: the nearest folder above it with a ``_toc.yml``, else its own."""
    for folder in path.parents:
        if (folder / TOC).is_file():
            return folder
    return path.parent


WHAT_CHECK_READS = ("give the book's folder, a notebook (.ipynb), a Markdown page (.md), a data file "
                    f"({', '.join(FILES.values())}) or a quiz bank (.yaml)")


def reads(path: Path) -> bool:
    """Whether :func:`check_file` can check ``path``."""
    return path.suffix in (".ipynb", ".md", ".yaml", ".yml") or path.name in FILES.values()


def check_file(path: Path, data_dir: Path | None = None) -> CheckResult:
    """Check one file: a page (notebook checks, citations), a data file (the problems of that
    file, with the links of its records checked against the rest of its folder) or a quiz bank."""
    path = path.resolve()
    root = book_root(path)
    show = _shower(root)
    display = show(path)
    if path.suffix in (".ipynb", ".md"):
        data_dir = data_dir or data_dir_for(root)
        course, _ = load_course(data_dir, show=show)
        known, bibliography, problems = _bibliography(root, data_dir, course, show)
        if path.suffix == ".ipynb":
            problems += check_notebook(path, display)
        problems += check_citations([(path, display)], known, bibliography)
        problems += check_ledger_roles([(path, display)])
        return CheckResult(problems, checked=display)
    if path.name in FILES.values() and path.parent.name != "quizzes":
        course, problems = load_course(path.parent, show=show)
        problems += check_links(course)
        return CheckResult([p for p in problems if p.file == display], stats_of(course), display)
    if path.suffix in (".yaml", ".yml"):
        from .quiz.bank import check_ledger_answers, check_refs, read_bank

        data_dir = data_dir or data_dir_for(root)
        course, found = load_course(data_dir, show=show)
        bank, doc, problems = read_bank(path, display)
        if bank is not None:
            problems += check_refs(bank, doc, display, known_references(course))  # type: ignore[arg-type]
            ledger = ledger_counts(course, found, show(data_dir / FILES["claims"]))
            if ledger is not None:
                problems += check_ledger_answers(bank, doc, display, ledger)
        return CheckResult(problems, checked=display)
    return CheckResult([problem(display, f"not a file coursekit check reads: {WHAT_CHECK_READS}")],
                       checked=display)
