"""Problems found in course content, and the exception that carries them.

A :class:`Problem` is a value: where (file, line, record, field) and what. Checks return lists of
problems; the CLI prints them one per line; the Python API raises :class:`CourseDataError`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """Where and what. ``blocks`` marks a problem that stopped a whole file being read (a syntax
    error, an unreadable or empty file): reports list those first, since other checks could not
    look inside that file."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str
    blocks: bool = dc_field(default=False, compare=False, repr=False)

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


def problem(
    file: str | Path,
    message: str,
    *,
    line: int | None = None,
    record: str | None = None,
    field: str | None = None,
    blocks: bool = False,
) -> Problem:
    return Problem(str(file), line, record, field, message, blocks)


def close_matches(text: object, keys: Iterable[str], limit: int = 4) -> list[str]:
    """Keys close to ``text``, best first: those ``difflib`` finds similar, those sharing its first
    three letters, and those containing it."""
    if not isinstance(text, str) or not text:
        return []
    keys = [k for k in keys if isinstance(k, str)]
    similar = set(difflib.get_close_matches(text, keys, n=limit, cutoff=0.6))
    similar |= {k for k in keys if k.startswith(text[:3]) or text in k}
    ratio = {k: difflib.SequenceMatcher(None, text, k).ratio() for k in similar}
    return sorted(similar, key=lambda k: (-ratio[k], k))[:limit]


def did_you_mean(text: object, keys: Iterable[str], limit: int = 4) -> str:
    """`` (did you mean 'a', 'b'?)`` for the keys close to ``text`` (:func:`close_matches`), or an
    empty string when none is close."""
    close = close_matches(text, keys, limit)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


class InputError(ValueError):
    """A function was given an argument it cannot use; the message quotes the bad value."""


class ProblemsError(Exception):
    """A step that could not finish (a build, a release, a staging); ``problems`` says where and
    why, one per line in the message."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def first_repeat(values: Iterable[object]) -> object | None:
    """The first value of ``values`` that appears a second time, or None."""
    seen: set[object] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


class CourseDataError(Exception):
    """Course content failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in course data:\n{lines}")


def _sort_key(p: Problem) -> tuple:
    return (not p.blocks, p.file, p.line if p.line is not None else -1, p.record or "", p.field or "",
            p.message)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=_sort_key)
