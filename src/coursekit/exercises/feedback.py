"""What a check says about one task: a :class:`Feedback` value, shown in the notebook and read by
the grader.

A check function is written as a plain function that raises :class:`Wrong` with a specific message
(what is wrong, and a nudge) or returns the message for a right answer; :func:`task` wraps it so
that an unfilled stub (``...`` or ``None``) gives "not done yet", a crash inside the check never
reaches the student as a traceback, and the result is a :class:`Feedback`.

>>> @task("ex0-demo", 1)
... def task1(answer):
...     if answer != 42:
...         raise Wrong(f"{answer!r} is not the answer: count again.")
...     return "Right."
>>> task1(...).status, task1(41).status, task1(42).status
('not-done', 'incorrect', 'correct')
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal, Protocol, cast

MIME = "application/vnd.coursekit.check+json"
"""Key of one task's result in a check cell's output metadata.

The result travels in the output's *metadata*, not as a data MIME type, because the book's
notebook renderer (myst-nb) warns about every data type it cannot render, and the build is strict.
"""

Status = Literal["correct", "incorrect", "not-done"]
_MARK = {"correct": "Correct", "incorrect": "Not yet right", "not-done": "Not done yet"}


@dataclass(frozen=True)
class Feedback:
    """One task's result: ``score`` out of ``max``, a status and a specific message."""

    exercise: str
    task: int
    status: Status
    message: str
    score: float
    max: float = 1.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return f"Task {self.task}: {_MARK[self.status]} ({self.score:g}/{self.max:g}). {self.message}"

    def html(self) -> str:
        """The result as HTML: the message is text, escaped, shown exactly as in ``str(self)``.

        Messages quote the student's answer and the course data, so they are never Markdown or
        HTML source (an actor named ``<img src=x onerror=...>`` shows as text).
        """
        from ..templating import render

        return render("exercises/feedback.html.j2", status=self.status, task=self.task,
                      mark=_MARK[self.status], score=f"{self.score:g}", max=f"{self.max:g}",
                      message=self.message)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> tuple[dict, dict]:
        return {"text/plain": str(self), "text/html": self.html()}, {MIME: self.to_json()}


class Wrong(Exception):
    """Raised inside a check: the answer is wrong, and ``message`` says how (and what to try)."""

    def __init__(self, message: str, score: float = 0.0):
        super().__init__(message)
        self.message = message
        self.score = score


def unfilled(value: Any) -> bool:
    """True for the stub values a starter cell assigns: ``...`` and ``None``."""
    return value is Ellipsis or value is None


class Check(Protocol):
    """A check made by :func:`task`: called with the answers, it returns :class:`Feedback`."""

    exercise: str
    number: int
    variables: tuple[str, ...]
    points: float
    compare: Any

    def __call__(self, *args: Any, keys: Any = None, **kwargs: Any) -> Feedback: ...


def task(exercise: str, number: int, points: float = 1.0,
         compare: Any = None) -> Callable[[Callable[..., str | None]], Check]:
    """Turn ``fn(answer, ..., expect) -> message`` (raising :class:`Wrong`) into a check returning Feedback.

    Every answer first goes through :func:`coursekit.exercises.values.roundtrip`, so the check sees
    the same plain value in a notebook as in the grader. ``compare`` (a
    :class:`~coursekit.exercises.keys.Compare`) says how the answer is compared with the key; the
    check then takes a last parameter ``expect``, the judge of its task (practice prints in a
    notebook, the grading key's prints when called with ``keys=``).
    """

    def wrap(fn: Callable[..., str | None]) -> Check:
        signature = inspect.signature(fn)
        judged = "expect" in signature.parameters
        variables = tuple(n for n in signature.parameters if n != "expect")

        @functools.wraps(fn)
        def check(*args: Any, keys: Any = None, **kwargs: Any) -> Feedback:
            from .values import roundtrip

            def result(status: Status, message: str, score: float) -> Feedback:
                return Feedback(exercise, number, status, message, score, points)

            try:
                bound = inspect.Signature([signature.parameters[n] for n in variables]).bind(*args, **kwargs)
            except TypeError as exc:
                names = ", ".join(f"`{n}`" for n in variables)
                return result("incorrect", f"The check takes {names}: {exc}. Do not edit the check "
                              "cell; put your answer in the variables it names.", 0.0)
            answers = {name: roundtrip(value) for name, value in bound.arguments.items()}
            empty = [name for name, value in answers.items() if unfilled(value)]
            if empty:
                names = " and ".join(f"`{n}`" for n in empty)
                return result("not-done", f"{names} still holds the starter value (`...` or `None`). "
                              "Write your answer in the cell above, run it, then run this check again.",
                              0.0)
            if judged:
                from .keys import Expect, practice

                answers["expect"] = Expect(keys if keys is not None else practice(), exercise, number)
            try:
                message = fn(**answers)
            except Wrong as wrong:
                return result("incorrect", wrong.message, min(max(wrong.score, 0.0), points))
            except LookupError as exc:  # no key for this task: say so rather than guess
                return result("incorrect", f"This task cannot be checked here ({exc}).", 0.0)
            except Exception as exc:  # noqa: BLE001 - an answer of a shape the check did not expect
                return result("incorrect", f"Could not check this answer ({type(exc).__name__}: {exc}). "
                              "Look at the type and shape the instructions ask for.", 0.0)
            return result("correct", message or "Well done.", points)

        made = cast(Check, check)
        made.exercise, made.number, made.variables = exercise, number, variables
        made.points, made.compare = points, compare
        return made

    return wrap


def tasks_of(module: Any) -> list[Check]:
    """The check functions of an exercise module, in task order."""
    found = [obj for obj in vars(module).values() if callable(obj) and hasattr(obj, "number")
             and getattr(obj, "exercise", None) == module.EXERCISE]
    return sorted(found, key=lambda f: f.number)


def evaluate(exercise: str, namespace: Mapping[str, Any], keys: Any = None) -> list[Feedback]:
    """Run every check of ``exercise`` on the variables found in ``namespace``.

    The grader calls this in its own process, on the plain values the kernel handed back
    (:mod:`coursekit.exercises.values`), with ``keys`` built from the grading keys.
    """
    from . import check_module

    results = []
    for check in tasks_of(check_module(exercise)):
        missing = [name for name in check.variables if name not in namespace]
        if missing:
            names = ", ".join(f"`{n}`" for n in missing)
            results.append(Feedback(exercise, check.number, "not-done",
                                    f"{names} is not defined (was its cell deleted, or did it fail?).", 0.0))
            continue
        results.append(check(*(namespace[name] for name in check.variables), keys=keys))
    return results
