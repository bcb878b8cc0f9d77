"""The quiz in a running kernel: an ipywidgets view of a bank.

Every question is a box with its prompt, native controls (radio buttons, check boxes, a text box,
drop-downs: all reachable with Tab and operated with the arrow keys, Space and Enter), a *Check*
button and a feedback area. The running score and, once every question is checked, a summary sit
at the end with a *Start again* button. Checked answers are saved to the progress file, and a quiz
shown again (after a kernel restart, in a reopened notebook) starts from them.

Author text reaches the page only through :func:`coursekit.quiz.static.fill`, which escapes it.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from .model import (
    AnswerError,
    Bank,
    Grade,
    Matching,
    Multiple,
    Numeric,
    Ordering,
    Question,
    Single,
    TrueFalse,
)
from .progress import Progress
from .static import fill

UNCHOSEN = "\x00unchosen"  # the placeholder option's value (a string no answer can be)
RIGHT = "var(--jp-success-color1, #1b5e20)"
WRONG = "var(--jp-error-color1, #8a1c1c)"


class Looks:
    """Layouts and styles shared by every widget of a quiz: each is a widget of its own, and
    sharing them halves the number of widgets (and the time to show a quiz)."""

    def __init__(self) -> None:
        self.wide = w.Layout(width="auto")
        self.plain = w.Layout()
        self.question = w.Layout(margin="0 0 1em 0")
        self.label = DescriptionStyle(description_width="initial")
        self.text = TextStyle(description_width="initial")
        self.html = HTMLStyle()
        self.button = ButtonStyle()
        self.checkbox = CheckboxStyle()


def _dropdowns(labels: list[str], options: list[tuple[str, Any]], placeholder: str,
               looks: Looks) -> list[w.Dropdown]:
    """One drop-down per label, each showing ``placeholder`` until a choice is made. The placeholder's
    value is a sentinel, not None: for None ipywidgets selects no option and shows a blank box."""
    return [w.Dropdown(options=[(placeholder, UNCHOSEN), *options], index=0, description=label,
                       style=looks.label, layout=looks.wide) for label in labels]


def chosen(select: w.Dropdown) -> Any:
    """The drop-down's choice, or None while it shows its placeholder."""
    return None if select.value is UNCHOSEN else select.value


def _colab_widgets() -> None:
    """On Colab, turn on the widget manager for ipywidgets 8 (Colab's own supports version 7)."""
    import sys

    colab = sys.modules.get("google.colab")
    if colab is not None:
        colab.output.enable_custom_widget_manager()


class QuestionView:
    """One question: its controls, *Check* button and feedback. ``answer`` reads the controls."""

    def __init__(self, bank: Bank, question: Question, number: int, source: str, looks: Looks):
        self.question, self.number, self.source = question, number, source
        self.grade: Grade | None = None
        q = question
        self.controls: list[w.Widget]
        if isinstance(q, (Single, TrueFalse)):
            options = bank.option_order(q) if isinstance(q, Single) else [("True", True), ("False", False)]
            # No description: the prompt above already says "Question N" (a label would repeat it).
            self.choice = w.RadioButtons(options=options, value=None, tooltip=f"Answers to question {number}",
                                         layout=looks.wide, style=looks.label)
            self.controls = [self.choice]
        elif isinstance(q, Multiple):
            self.boxes = [w.Checkbox(value=False, description=text, indent=False, layout=looks.wide,
                                     style=looks.checkbox)
                          for text in bank.option_order(q)]
            self.controls = list(self.boxes)
        elif isinstance(q, Numeric):
            self.text = w.Text(value="", description="Your answer", placeholder=q.unit or "",
                               style=looks.text, layout=looks.plain)
            self.controls = [self.text]
        elif isinstance(q, Ordering):
            self.shown = bank.item_order(q)
            positions = [(str(n), n) for n in range(1, len(q.items) + 1)]
            self.selects = _dropdowns(self.shown, positions, "Choose a position", looks)
            self.controls = list(self.selects)
        elif isinstance(q, Matching):
            self.selects = _dropdowns([p.left for p in q.pairs], [(c, c) for c in bank.option_order(q)],
                                      "Choose a match", looks)
            self.controls = list(self.selects)
        else:  # pragma: no cover - the model has no other types
            raise TypeError(f"no widget for question type {q.type!r}")
        self.check_button = w.Button(description="Check", tooltip=f"Check question {number}",
                                     style=looks.button, layout=looks.plain)
        self.feedback = w.HTML(value="", style=looks.html, layout=looks.plain)
        prompt = w.HTML(value=fill("widget-prompt", number=number, prompt=q.prompt), style=looks.html,
                        layout=looks.plain)
        self.box = w.VBox([prompt, *self.controls, self.check_button, self.feedback], layout=looks.question)

    def answer(self) -> Any:
        """What the controls hold, as a model answer (see :mod:`coursekit.quiz.model`)."""
        q = self.question
        if isinstance(q, (Single, TrueFalse)):
            return self.choice.value
        if isinstance(q, Multiple):
            return [b.description for b in self.boxes if b.value]
        if isinstance(q, Numeric):
            return self.text.value
        if isinstance(q, Ordering):
            positions = [chosen(s) for s in self.selects]
            if None in positions or len(set(positions)) != len(positions):
                return None
            return [item for _, item in sorted(zip(positions, self.shown, strict=True))]
        return {p.left: chosen(s) for p, s in zip(q.pairs, self.selects, strict=True)
                if chosen(s) is not None}

    def set_answer(self, answer: Any) -> None:
        """Put a saved answer back into the controls (raises AnswerError if it no longer fits)."""
        q = self.question
        self.question.grade(answer)  # refuses answers that do not fit the question any more
        if isinstance(q, (Single, TrueFalse)):
            self.choice.value = answer
        elif isinstance(q, Multiple):
            for b in self.boxes:
                b.value = b.description in answer
        elif isinstance(q, Numeric):
            self.text.value = str(answer)
        elif isinstance(q, Ordering):
            for select, item in zip(self.selects, self.shown, strict=True):
                select.value = list(answer).index(item) + 1
        else:
            for p, select in zip(q.pairs, self.selects, strict=True):
                select.value = answer[p.left]

    def check(self) -> Grade | None:
        """Grade the current answer and show the feedback; None (and a message) if it cannot be."""
        try:
            grade = self.question.grade(self.answer())
        except AnswerError as exc:
            self.feedback.value = fill("widget-message", message=str(exc))
            return None
        self.show(grade)
        return grade

    def show(self, grade: Grade) -> None:
        self.grade = grade
        self.feedback.value = fill(
            "widget-feedback", colour=RIGHT if grade.correct else WRONG,
            verdict="Correct." if grade.correct else "Not quite.", detail=grade.detail,
            feedback=self.question.feedback, source=self.source)

    def clear(self) -> None:
        self.grade = None
        self.feedback.value = ""
        for control in self.controls:
            if isinstance(control, w.Dropdown):
                control.index = 0  # back to the placeholder
            else:
                control.value = False if isinstance(control, w.Checkbox) else (
                    "" if isinstance(control, w.Text) else None)


class QuizWidget:
    """The whole quiz: a question view per question, the score, a summary, *Start again*."""

    def __init__(self, bank: Bank, sources: dict[str, str] | None = None,
                 progress: Progress | None = None):
        self.bank, self.progress = bank, progress
        _colab_widgets()
        sources = sources or {}
        looks = Looks()
        # Messages about the progress file (moved aside, kept in memory), shown in the quiz.
        self.notice = w.HTML(value="", style=looks.html, layout=looks.plain)
        if progress is not None:
            progress.notify = self._notify
        self.views = {q.id: QuestionView(bank, q, n, sources.get(q.ref, q.ref), looks)
                      for n, q in enumerate(bank.questions, start=1)}
        for qid, view in self.views.items():
            view.check_button.on_click(lambda _button, qid=qid: self.check(qid))
        self.score = w.HTML(value="", style=looks.html, layout=looks.plain)
        self.restart = w.Button(description="Start again", tooltip="Clear every answer of this quiz",
                                style=looks.button, layout=looks.plain)
        self.restart.on_click(lambda _button: self.start_again())
        intro = fill("widget-intro", text=bank.intro) if bank.intro else ""
        title = w.HTML(value=fill("widget-title", title=bank.title, intro=intro), style=looks.html,
                       layout=looks.plain)
        self.box = w.VBox([title, self.notice, *(v.box for v in self.views.values()), self.score,
                           self.restart], layout=looks.plain)
        if progress is not None:
            self._restore(progress.answers(bank.id))
            if progress.status and not self.notice.value:
                self._notify(progress.status)
        self._update()

    def _notify(self, message: str) -> None:
        self.notice.value = fill("widget-message", message=message)

    def _restore(self, saved: dict[str, dict[str, Any]]) -> None:
        for qid, entry in saved.items():
            view = self.views.get(qid)
            if view is None or "answer" not in entry:
                continue
            try:
                view.set_answer(entry["answer"])
            except (AnswerError, ValueError, KeyError, TypeError):
                continue  # the question changed since: start it afresh, the file keeps the entry
            view.show(view.question.grade(view.answer()))

    def check(self, qid: str) -> Grade | None:
        """Press *Check* on one question: grade, show feedback, update the score, save."""
        view = self.views[qid]
        grade = view.check()
        if grade is not None:
            if self.progress is not None:
                self.progress.record(self.bank.id, qid, _jsonable(view.answer()), grade.correct)
            self._update()
        return grade

    def start_again(self) -> None:
        for view in self.views.values():
            view.clear()
        if self.progress is not None:
            self.progress.forget(self.bank.id)
        self._update()

    @property
    def correct(self) -> int:
        return sum(1 for v in self.views.values() if v.grade and v.grade.correct)

    @property
    def answered(self) -> int:
        return sum(1 for v in self.views.values() if v.grade is not None)

    def _update(self) -> None:
        total = len(self.views)
        score = f"Score: {self.correct} of {total} correct ({self.answered} answered)."
        summary = ""
        if self.answered == total:
            missed = [str(v.number) for v in self.views.values()
                      if v.grade is not None and not v.grade.correct]
            summary = (f"All {total} questions answered. " + (
                f"To review: question{'s' if len(missed) > 1 else ''} {', '.join(missed)}."
                if missed else "Well done."))
        self.score.value = fill("widget-score", score=score, summary=summary)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return self.box._repr_mimebundle_(**kwargs)


def _jsonable(answer: Any) -> Any:
    return list(answer) if isinstance(answer, tuple) else answer
