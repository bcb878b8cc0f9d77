"""Roles in the book's pages that name data: citations and ledger counts.

sphinxcontrib-bibtex only warns about an unknown key (the page shows ``[]``), so ``coursekit
check`` looks at every role of the ``{cite}`` family (``{cite}``, ``{cite:p}``, ``{cite:t}``,
``{cite:ps}``, …) in the Markdown pages and the notebooks' Markdown cells, and reports each key
that ``references.bib`` lacks at its file and line. It reports a ``{ledger}`` role that names no
count of the claims ledger (:mod:`coursekit.knowledge.ledger`) the same way. Code (fenced blocks,
code cells, inline code) is skipped: a role there is not rendered.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Container, Iterable, Iterator
from pathlib import Path

from .knowledge.ledger import LedgerError, parse
from .knowledge.problems import Problem, close_matches, problem
from .knowledge.yamlio import read_text

_ROLE_NAME = re.compile(r"\{([a-z][\w:-]*)\}\Z")
_CITE = re.compile(r"cite(?::[a-z]+)?\Z")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{[^}]*\}|[^\s{]*)")
_NOT_CODE = ("{",)  # fences whose info is a {directive} hold MyST, not code
_CODE_DIRECTIVES = ("{code-cell}", "{code-block}", "{code}", "{sourcecode}", "{literalinclude}")


def _code_fence(info: str, marker: str) -> bool:
    if marker.startswith(":"):
        return False  # colon fences are always directives
    return not info.startswith(_NOT_CODE) or info.startswith(_CODE_DIRECTIVES)


def _run_length(line: str, at: int) -> int:
    return len(line) - at - len(line[at:].lstrip("`"))


def _spans(line: str) -> Iterator[tuple[str | None, str, int, int]]:
    """``(role name or None, content, start, end)`` of each backtick span of a line: a role's
    content when ``{name}`` comes right before it (``start`` is then that of ``{name}``), else
    inline code (CommonMark: a run of n backticks closes at the next run of exactly n)."""
    at = 0
    while (tick := line.find("`", at)) >= 0:
        run = _run_length(line, tick)
        close = line.find("`" * run, tick + run)
        while close >= 0 and _run_length(line, close) != run:
            close = line.find("`" * run, close + _run_length(line, close))
        if close < 0:
            return
        name = _ROLE_NAME.search(line[:tick])
        yield ((name.group(1), line[tick + run:close], name.start(), close + run) if name
               else (None, line[tick + run:close], tick, close + run))
        at = close + run


def _prose(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """``(0-based line, line)`` for each line of Markdown ``lines`` outside fenced code."""
    stack: list[tuple[str, bool]] = []  # open fences: (marker, holds code)
    for index, line in enumerate(lines):
        fence = _FENCE.match(line)
        if fence:
            marker, info = fence.groups()
            if stack and not info and marker[0] == stack[-1][0][0] and len(marker) >= len(stack[-1][0]):
                stack.pop()
                continue
            if not any(code for _, code in stack):
                stack.append((marker, _code_fence(info, marker)))
                continue
        if not any(code for _, code in stack):
            yield index, line


def role_uses(lines: Iterable[str]) -> Iterator[tuple[int, str, str]]:
    """``(0-based line, role, content)`` for each role in Markdown ``lines``, outside code."""
    for index, line in _prose(lines):
        for role, content, _, _ in _spans(line):
            if role is not None:
                yield index, role, content


def replace_roles(text: str, name: str, replace: Callable[[str, int], str]) -> str:
    """``text`` (Markdown) with each ``{name}`` role outside code replaced by ``replace(content,
    1-based line)``; code (fenced blocks, inline code) is left as it is."""
    lines = text.split("\n")
    for index, line in list(_prose(lines)):
        parts, at = [], 0
        for role, content, start, end in _spans(line):
            if role == name:
                parts += [line[at:start], replace(content, index + 1)]
                at = end
        if parts:
            lines[index] = "".join(parts) + line[at:]
    return "\n".join(lines)


def roles(lines: Iterable[str]) -> Iterator[tuple[int, str, str]]:
    """``(0-based line, role, key)`` for each key cited in Markdown ``lines``, outside code."""
    for index, role, content in role_uses(lines):
        if not _CITE.match(role):
            continue
        for key in content.split(","):
            key = re.sub(r"\{[^}]*\}", "", key).strip()  # {see}key{p. 3} pre/post notes
            if key:
                yield index, role, key


def _notebook_markdown(text: str) -> Iterator[tuple[int, list[str]]]:
    """``(first line in the file, source lines)`` of each Markdown cell of a notebook's JSON."""
    cells = json.loads(text).get("cells", [])
    file_lines = text.splitlines()
    starts = [i for i, line in enumerate(file_lines) if line.lstrip().startswith('"source":')]
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        lines = "".join(source).split("\n") if isinstance(source, list) else str(source).split("\n")
        if len(starts) == len(cells) and file_lines[starts[index]].rstrip().endswith("["):
            yield starts[index] + 2, lines  # nbformat writes one source line per file line
        else:
            yield (starts[index] + 1 if len(starts) == len(cells) else 1), [" ".join(lines)]


def _found(path: Path, display: str,
           find: Callable[[Iterable[str]], Iterator[tuple[int, str, str]]],
           ) -> tuple[list[tuple[int, str, str]], list[Problem]]:
    """``(line, role, text)`` for each of what ``find`` finds in a Markdown page or a notebook."""
    text, unreadable = read_text(path, display)
    if unreadable is not None:  # a notebook's own checks report it already
        return [], [unreadable] if path.suffix != ".ipynb" else []
    if path.suffix != ".ipynb":
        return [(i + 1, role, key) for i, role, key in find(text.splitlines())], []
    try:
        blocks = list(_notebook_markdown(text))
    except (json.JSONDecodeError, AttributeError):
        return [], []  # reported by the notebook checks
    return [(first + i, role, key) for first, lines in blocks for i, role, key in find(lines)], []


def cited(path: Path, display: str) -> tuple[list[tuple[int, str, str]], list[Problem]]:
    """``(line, role, key)`` for each citation in a Markdown page or a notebook."""
    return _found(path, display, roles)


def check_citations(pages: Iterable[tuple[Path, str]], known: Container[str],
                    bibliography: str = "references.bib") -> list[Problem]:
    """A problem for each cited key of ``pages`` (path, name shown) that is not in ``known``."""
    problems: list[Problem] = []
    for path, display in pages:
        found, unreadable = cited(path, display)
        problems += unreadable
        for line, role, key in found:
            if key not in known:
                close = close_matches(key, known) if isinstance(known, Iterable) else []
                hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
                problems.append(problem(display, f"unknown reference key {key!r} in {{{role}}} (not in "
                                        f"{bibliography}{hint})", line=line))
    return problems


def check_ledger_roles(pages: Iterable[tuple[Path, str]]) -> list[Problem]:
    """A problem for each ``{ledger}`` role of ``pages`` (path, name shown) that names no count
    (an unreadable page is :func:`check_citations`' problem)."""
    problems: list[Problem] = []
    for path, display in pages:
        found, _ = _found(path, display, role_uses)
        for line, role, content in found:
            if role != "ledger":
                continue
            try:
                parse(content)
            except LedgerError as exc:
                problems.append(problem(display, str(exc), line=line))
    return problems
