"""Exercises: checks that give specific feedback, release of student notebooks, and grading.

Each exercise is a notebook (instructor source in ``instructor/exercises/``, student version in
``exercises/``) and a module here holding its checks, one function per task, called from the
notebook's check cells::

    from coursekit.exercises import reach as check
    check.task1(partners)

The notebook format (solution markers, cell tags, hints) is described in ``FORMAT.md``.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

EXERCISES: dict[str, str] = {
    "ex1-reach": "reach",
    "ex2-chronology": "chronology",
    "ex3-ledger": "ledger",
    "ex4-corrections": "corrections",
    "ex5-network": "network",
    "ex6-casualties": "casualties",
}
"""Exercise id (the notebook's file stem) -> module of checks in this package."""


def check_module(exercise: str) -> ModuleType:
    """The module holding the checks of ``exercise`` (an id such as ``"ex1-reach"``)."""
    try:
        name = EXERCISES[exercise]
    except KeyError:
        known = ", ".join(EXERCISES)
        raise ValueError(f"unknown exercise {exercise!r} (known: {known})") from None
    return import_module(f"{__name__}.{name}")


__all__ = ["EXERCISES", "check_module"]
