"""``coursekit check``: every check of the course in one run, as a value."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .loader import Course, load_course
from .problems import Problem, problem
from .project import check_project
from .validate import check_links


@dataclass
class CheckResult:
    problems: list[Problem]
    stats: dict[str, int] = field(default_factory=dict)
    checked: str = ""
    warnings: list[Problem] = field(default_factory=list)  # reported, but the check still passes

    @property
    def ok(self) -> bool:
        return not self.problems


def package_data_dir() -> Path:
    return Path(__file__).resolve().parent / "data"


def data_dir_for(root: Path) -> Path:
    """The data folder of the course at ``root`` (its source tree), else the installed package's."""
    local = root / "src" / "coursekit" / "data"
    return local if local.is_dir() else package_data_dir()


def _shower(root: Path):
    def show(path: Path) -> str:
        try:
            return Path(os.path.relpath(path, root)).as_posix()
        except ValueError:  # another drive on Windows
            return str(path)
    return show


_PLURAL = {"person": "people", "organisation": "organisations", "state": "states"}


def stats_of(course: Course) -> dict[str, int]:
    verdicts = Counter(c.verdict for c in course.claims)
    kinds = Counter(a.kind for a in course.actors.values())
    course_countries = [f for f in course.boundaries.values() if f["properties"].get("course")]
    stats = {
        "places": len(course.places),
        "countries with boundaries": len(course_countries),
        "actors": len(course.actors),
        **{f"  {_PLURAL[kind]}": n for kind, n in sorted(kinds.items())},
        "relations": len(course.relations),
        "events": len(course.events),
        "stories": len(course.stories),
        "claims": len(course.claims),
        **{f"  {verdict}": n for verdict, n in sorted(verdicts.items())},
        "article sentences without a claim": len(course.uncovered),
        "references": len(course.references),
        **{f"  {tier}": n for tier, n in _tier_mix(course)},
        "references of Iranian origin": sum(r.origin == "IRN" for r in course.references.values()),
    }
    return stats


def _tier_mix(course: Course) -> list[tuple[str, int]]:
    """Reference counts per source tier, in the order of ``references.TIERS``."""
    from .references import TIERS

    tiers = Counter(r.tier for r in course.references.values())
    return [(f"tier {tier}", tiers[tier]) for tier in TIERS if tiers[tier]]


def check_course(root: Path, data_dir: Path | None = None) -> CheckResult:
    """Check the book at ``root``: toc, notebooks, and every data file. Never raises on bad input.

    The data checked is ``data_dir`` if given, else the book's ``src/coursekit/data``, else the
    data shipped with the installed package.
    """
    root = root.resolve()
    if not root.is_dir():
        return CheckResult([problem(str(root), "no such folder")], checked=str(root))
    data_dir = data_dir or data_dir_for(root)
    if not data_dir.is_dir():
        return CheckResult([problem(str(data_dir), "no such data folder")], checked=str(root))
    problems = check_project(root)
    show = _shower(root)
    course, found = load_course(data_dir, show=show)
    problems += found + check_links(course)
    from .quiz.bank import check_banks

    problems += check_banks(data_dir / "quizzes", set(course.references), show=show)
    from .student.settings import placeholder_warnings

    return CheckResult(problems, stats_of(course), checked=str(root), warnings=placeholder_warnings(root))
