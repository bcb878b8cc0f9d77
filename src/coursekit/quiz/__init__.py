"""Chapter quizzes: one YAML bank, three renderings (a kernel widget, the static site, LMS export).

In a chapter notebook, one line::

    from coursekit import quiz; quiz.show("01-about")

shows the bank ``coursekit/data/quizzes/01-about.yaml`` (or a bank given by path). The object
returned carries both renderings in one output: the ipywidgets view, which Jupyter front ends
prefer, and a static ``text/html`` rendering, which the built site shows instead (see the render
priority in ``quiz/FORMAT.md``) and answers with the site's quiz script. ``progress_summary()``
tabulates the saved progress of every quiz.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..knowledge.problems import CourseDataError
from .bank import load_bank, shipped_banks
from .model import Bank
from .progress import Progress

if TYPE_CHECKING:
    import pandas as pd

    from .widget import QuizWidget

__all__ = ["Quiz", "load_bank", "progress_summary", "show"]

_shown: Counter[str] = Counter()


def sources() -> dict[str, str]:
    """Reference key -> short label ("Ostovar 2016"), from the knowledge base's references (read
    once, by the course loader)."""
    from .. import data

    return {key: ref.short for key, ref in data.course().references.items()}


class Quiz:
    """A quiz ready to display: ``_repr_mimebundle_`` holds the widget view and the static HTML."""

    def __init__(self, bank: Bank, *, progress: Progress | None = None, occurrence: int = 1):
        self.bank = bank
        self.progress = progress
        self.occurrence = occurrence
        self._widget: QuizWidget | None = None

    @property
    def widget(self) -> QuizWidget:
        """The ipywidgets view (made on first use)."""
        if self._widget is None:
            from .widget import QuizWidget

            self._widget = QuizWidget(self.bank, sources(), self.progress)
        return self._widget

    def html(self) -> str:
        """The static rendering for the site (no kernel, no saved progress: stable across builds)."""
        from .static import render

        return render(self.bank, sources(), self.occurrence)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_())
        bundle["text/html"] = self.html()
        count = len(self.bank.questions)
        bundle["text/plain"] = f"Quiz {self.bank.id!r}: {self.bank.title} ({count} questions)"
        return bundle

    def __repr__(self) -> str:
        return f"<Quiz {self.bank.id!r}, {len(self.bank.questions)} questions>"


def show(bank: str | Path, *, save_progress: bool = True) -> Quiz:
    """The quiz of a bank (a name shipped with the package, like ``"01-about"``, or a path).

    Raises :class:`coursekit.CourseDataError` listing every problem if the bank is not valid.
    With ``save_progress`` (the default), checked answers go to the progress file.
    """
    loaded = load_bank(bank)
    _shown[loaded.id] += 1
    return Quiz(loaded, progress=Progress() if save_progress else None, occurrence=_shown[loaded.id])


def progress_summary(progress: Progress | None = None) -> pd.DataFrame:
    """One row per quiz shipped or started: questions, answered, correct (a pandas DataFrame)."""
    import pandas as pd

    saved = (progress or Progress()).all()
    rows = []
    for name in sorted(set(shipped_banks()) | set(saved)):
        entries = saved.get(name, {})
        try:
            bank = load_bank(name)
            title, total = bank.title, len(bank.questions)
            entries = {qid: e for qid, e in entries.items() if qid in {q.id for q in bank.questions}}
        except CourseDataError:  # a quiz in the progress file that is no longer shipped
            title, total = "(quiz no longer available)", None
        correct = sum(1 for e in entries.values() if e.get("correct"))
        rows.append({"quiz": name, "title": title, "questions": total, "answered": len(entries),
                     "correct": correct})
    return pd.DataFrame(rows, columns=["quiz", "title", "questions", "answered", "correct"])
