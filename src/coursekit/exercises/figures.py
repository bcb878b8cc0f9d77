"""Casualty figures for exercise 6: one number, one source, one event, with what it counts.

>>> from coursekit.exercises.figures import figures
>>> {f.measure for f in figures()} == {"killed", "wounded"}
True

The figures are course data (``coursekit/data/figures.yaml``, the :class:`Figure` record of
``coursekit.knowledge.schema``): loaded with line numbers by the knowledge loader, their event ids
and reference keys checked by ``coursekit check`` like every other record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..knowledge.loader import FILES
from ..knowledge.paths import package_data_dir
from ..knowledge.problems import CourseDataError, Problem, problem
from ..knowledge.schema import Figure

if TYPE_CHECKING:
    import pandas as pd

FILE = FILES["figures"]

__all__ = ["FILE", "Figure", "check_figures", "figures"]


def check_figures() -> list[Problem]:
    """Every problem in the shipped figures file, as ``coursekit check`` reports it (unknown event
    ids and reference keys included)."""
    from ..knowledge.links import check_links
    from ..knowledge.loader import load_course

    course, problems = load_course(package_data_dir(), show=lambda p: p.name)
    problems += check_links(course)
    if "figures" in course.unreadable:
        problems.append(problem(FILE, "missing data file", blocks=True))
    return [p for p in problems if p.file == FILE]


def _figures() -> list[Figure]:
    from .. import data

    course = data.course()
    if "figures" in course.unreadable:
        raise CourseDataError([problem(FILE, "missing data file: exercise 6 needs the casualty figures",
                                       blocks=True)])
    return course.figures


def figures(*, event: str | None = None, measure: str | None = None,
            frame: bool = False) -> list[Figure] | pd.DataFrame:
    """The casualty figures, optionally for one event or measure; ``frame=True`` for a DataFrame."""
    found = [f for f in _figures()
             if (event is None or f.event == event) and (measure is None or f.measure == measure)]
    if not frame:
        return found
    import pandas as pd

    return pd.DataFrame([{**f.model_dump(by_alias=True), "days": f.days} for f in found])
