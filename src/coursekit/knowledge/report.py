"""Print check results: one line per problem, then a summary; exit status from the result."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TextIO

from .problems import Problem, sort_problems


def print_problems(problems: list[Problem], *, checked: str = "", stream: TextIO | None = None) -> int:
    out = stream or sys.stdout
    problems = sort_problems(problems)
    for p in problems:
        print(p, file=out)
    what = f" in {checked}" if checked else ""
    if problems:
        print(f"{len(problems)} problem(s) found{what}", file=out)
        return 1
    print(f"no problems found{what}", file=out)
    return 0


def print_stats(stats: Mapping[str, int], stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    width = max((len(k) for k in stats), default=0)
    for kind, count in stats.items():
        print(f"{kind:<{width}}  {count:>5}", file=out)
