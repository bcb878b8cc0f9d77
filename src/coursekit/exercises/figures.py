"""Casualty figures for exercise 6: one number, one source, one event, with what it counts.

>>> from coursekit.exercises.figures import figures
>>> {f.measure for f in figures()} == {"killed", "wounded"}
True

The figures file ships with this package (``figures.yaml``); its records are checked with the same
pydantic conventions as the course data (``coursekit.schema``), and :func:`check_figures` reports
every unknown event id or reference key.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib.resources import files
from typing import Literal

import yaml
from pydantic import Field, ValidationError

from ..problems import CourseDataError, Problem, problem
from ..schema import PartialDate, Record, Slug

FILE = "figures.yaml"


class Figure(Record):
    id: Slug
    event: Slug
    measure: Literal["killed", "wounded"]
    value: int = Field(ge=0)
    qualifier: Literal["exact", "at-least", "about"]
    group: str = Field(min_length=1)
    from_: PartialDate = Field(alias="from")
    to: PartialDate
    source: str = Field(min_length=1)
    note: str | None = None

    @property
    def days(self) -> int:
        """Length of the period counted, in days, both ends included."""
        return (dt.date.fromisoformat(self.to) - dt.date.fromisoformat(self.from_)).days + 1


def _load() -> tuple[list[Figure], list[Problem]]:
    text = files(__package__).joinpath(FILE).read_text(encoding="utf-8")
    out, problems = [], []
    for index, raw in enumerate(yaml.safe_load(text) or []):
        try:
            out.append(Figure.model_validate(raw))
        except ValidationError as exc:
            for err in exc.errors():
                problems.append(problem(FILE, err["msg"], record=str(raw.get("id", f"#{index + 1}")),
                                        field=".".join(str(p) for p in err["loc"])))
    ids = [f.id for f in out]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    problems += [problem(FILE, "duplicate id", record=i) for i in twice]
    return out, problems


def check_figures() -> list[Problem]:
    """Every problem in the figures file, including unknown event ids and reference keys."""
    from .. import data

    found, problems = _load()
    course = data.course()
    events = {e.id for e in course.events}
    for fig in found:
        if fig.event not in events:
            problems.append(problem(FILE, f"unknown event {fig.event!r}", record=fig.id, field="event"))
        if fig.source not in course.references:
            problems.append(problem(FILE, f"unknown reference {fig.source!r}", record=fig.id, field="source"))
        if fig.to < fig.from_:
            problems.append(problem(FILE, "period ends before it starts", record=fig.id, field="to"))
    return problems


@lru_cache(maxsize=1)
def _figures() -> tuple[Figure, ...]:
    found, problems = _load()
    if problems:
        raise CourseDataError(problems)
    return tuple(found)


def figures(*, event: str | None = None, measure: str | None = None, frame: bool = False):
    """The casualty figures, optionally for one event or measure; ``frame=True`` for a DataFrame."""
    found = [f for f in _figures()
             if (event is None or f.event == event) and (measure is None or f.measure == measure)]
    if not frame:
        return found
    import pandas as pd

    return pd.DataFrame([{**f.model_dump(by_alias=True), "days": f.days} for f in found])
