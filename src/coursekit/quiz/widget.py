"""The quiz in a running kernel: an ipywidgets view of a bank.

Every question is a box with its prompt, native controls (radio buttons, check boxes, a text box,
drop-downs: all reachable with Tab and operated with Space, Enter and the arrow keys, in the command
mode of JupyterLab and Notebook 7 too: see ``ARROW_KEYS_JS``), a *Check* button, a *Show answer*
button and a feedback area that answers as practice mode says (:mod:`coursekit.quiz.rules`). The running
score and, once every question is checked, a summary sit at the end with a *Start again* button.
Checked answers are saved to the progress file, and a quiz shown again (after a kernel restart, in
a reopened notebook) starts from them.

Author text reaches the page only through :func:`coursekit.quiz.static.fill`, which escapes it.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from ..templating import render
from .model import AnswerError, Bank, Grade
from .progress import Progress
from .rules import message, respond, score_line, summary_line
from .static import fill
from .types import MODULES, Question

UNCHOSEN = "\x00unchosen"  # the placeholder option's value (a string no answer can be)
RIGHT = "var(--jp-success-color1, #1b5e20)"
WRONG = "var(--jp-error-color1, #8a1c1c)"

# JupyterLab and Notebook 7 (both built on JupyterLab 4) bind the arrow keys to notebook commands in
# command mode (ArrowDown: the next cell), with one keydown handler on the document (JupyterLab
# listens as the event bubbles up, Notebook 7 as it goes down), so an arrow key pressed in a quiz
# radio group moves the notebook instead of the choice. Lumino lets an element opt out only with a
# ``data-lm-suppress-shortcuts`` attribute (ipywidgets sets classes, not attributes), and that would
# silence every shortcut, so this script, shown with the quiz, stops the arrow keys pressed in a
# quiz's form controls (radio buttons, check boxes, text boxes, drop-downs) on the window before
# either handler sees them: the browser's own handling (the next radio, the next option, the caret)
# goes on and every other shortcut (Shift+Enter, Escape, Ctrl+S) reaches the notebook as before
# (from a text box it never reaches JupyterLab: ipywidgets' text views stop every key they get).
# Installed once per page; it covers every quiz on the page, also one rendered later.
ARROW_KEYS_JS = "quiz/arrow-keys.js.j2"  # the script (a package file), rendered with the class below
QUIZ_CLASS = "ck-kquiz"  # the kernel quiz's outer box (the script above finds it by this class)


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


def dropdowns(labels: list[str], options: list[tuple[str, Any]], placeholder: str,
               looks: Looks) -> list[w.Dropdown]:
    """One drop-down per label, each showing ``placeholder`` until a choice is made. The placeholder's
    value is a sentinel, not None: for None ipywidgets selects no option and shows a blank box."""
    return [w.Dropdown(options=[(placeholder, UNCHOSEN), *options], index=0, description=label,
                       style=looks.label, layout=looks.wide) for label in labels]


def chosen(select: w.Dropdown) -> Any:
    """The drop-down's choice, or None while it shows its placeholder."""
    return None if select.value is UNCHOSEN else select.value


def _arrow_keys() -> w.Output:
    """An empty, hidden Output widget holding ``ARROW_KEYS_JS``: the widget manager of JupyterLab and
    Notebook 7 renders its outputs as trusted, so the script runs where the widget is shown (the site
    shows the static quiz instead, and a front end that runs no script ignores it)."""
    from IPython.display import Javascript

    out = w.Output(layout=w.Layout(display="none"))
    out.append_display_data(Javascript(render(ARROW_KEYS_JS, selector="." + QUIZ_CLASS)))
    return out


def _colab_widgets() -> None:
    """On Colab, turn on the widget manager for ipywidgets 8 (Colab's own supports version 7)."""
    import sys

    colab = sys.modules.get("google.colab")
    if colab is not None:
        colab.output.enable_custom_widget_manager()


class QuestionView:
    """One question: its controls, *Check* button and feedback. ``answer`` reads the controls."""

    # the controls a type's module makes (see quiz/types): a radio group, check boxes, a text box
    # or drop-downs, with the shown order of an ordering's items
    choice: w.RadioButtons
    boxes: list[w.Checkbox]
    text: w.Text
    selects: list[w.Dropdown]
    shown: list[str]

    def __init__(self, bank: Bank, question: Question, number: int, source: str, looks: Looks):
        self.question, self.number, self.source = question, number, source
        self.grade: Grade | None = None
        self.wrong_checks = 0  # wrong checks so far: the second one reveals the answer
        self.revealed = False  # Show answer was pressed
        self._notes: list[str] = []
        q = question
        self.kind = MODULES[q.type]  # the type's module builds, reads and fills the controls
        self.controls: list[w.Widget] = self.kind.widget(self, bank, q, looks)
        self.check_button = w.Button(description=message("check"),
                                     tooltip=message("check_label", number=number),
                                     style=looks.button, layout=looks.plain)
        self.reveal_button = w.Button(description=message("show_answer"),
                                      tooltip=message("show_answer_label", number=number),
                                      style=looks.button, layout=w.Layout())
        self.check_button.on_click(lambda _b: self.check())
        self.reveal_button.on_click(lambda _b: self.reveal())
        self.feedback = w.HTML(value="", style=looks.html, layout=looks.plain)
        image = {"src": bank.image_uri(q), "alt": q.image.alt} if q.image else None
        prompt = w.HTML(value=fill("widget-prompt", number=message("question_number", number=number),
                                   prompt=q.prompt, image=image), style=looks.html, layout=looks.plain)
        buttons = w.HBox([self.check_button, self.reveal_button], layout=looks.plain)
        self.box = w.VBox([prompt, *self.controls, buttons, self.feedback], layout=looks.question)
        self.box.add_class("ck-kq")
        self.box.add_class(f"ck-kq--{q.type}")
        self.on_checked: Any = None  # the quiz's callback after a graded check or a reveal

    def answer(self) -> Any:
        """What the controls hold, as a model answer (see :mod:`coursekit.quiz.model`)."""
        return self.kind.read(self)

    def set_answer(self, answer: Any) -> None:
        """Put a saved answer back into the controls (raises AnswerError if it no longer fits)."""
        self.question.grade(answer)  # refuses answers that do not fit the question any more
        self.kind.write(self, answer)

    def check(self) -> Grade | None:
        """Grade the current answer and reply as practice mode says (:mod:`coursekit.quiz.rules`);
        None (and a message) if it cannot be graded yet."""
        answer = self.answer()
        try:
            grade = self.question.grade(answer)
        except AnswerError as exc:
            self.feedback.value = fill("widget-message", message=str(exc))
            return None
        if not grade.correct:
            self.wrong_checks += 1
        self.show(grade, self.question.notes(answer))
        if self.on_checked is not None:
            self.on_checked(self)
        return grade

    def reveal(self) -> None:
        """*Show answer*: the right answer, the explanation and the source."""
        self.revealed = True
        self._render()
        if self.on_checked is not None:
            self.on_checked(self)

    def show(self, grade: Grade, notes: list[str] | None = None) -> None:
        self.grade, self._notes = grade, list(notes or [])
        self._render()

    def _render(self) -> None:
        grade = self.grade
        reply = respond(correct=None if grade is None else grade.correct,
                        detail=grade.detail if grade else "", notes=self._notes,
                        wrong_checks=self.wrong_checks, revealed=self.revealed,
                        answer_text=self.question.shown_answer(), explanation=self.question.feedback,
                        source=self.source)
        colour = "" if grade is None else (RIGHT if grade.correct else WRONG)
        self.feedback.value = fill("widget-reply", colour=colour, reply=reply)
        self.reveal_button.layout.display = None if reply.can_reveal else "none"

    def clear(self) -> None:
        self.grade = None
        self.wrong_checks, self.revealed, self._notes = 0, False, []
        self.reveal_button.layout.display = None
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
        self.seed = _seed(progress) if bank.pools else "0"
        self.drawn = bank.drawn(self.seed)
        self.views = {q.id: QuestionView(bank, q, n, sources.get(q.ref, q.ref), looks)
                      for n, q in enumerate(self.drawn, start=1)}
        for view in self.views.values():
            view.on_checked = self._checked
        if progress is not None and bank.pools:
            progress.record_drawn(bank.id, self.seed, list(self.views))
        self.score = w.HTML(value="", style=looks.html, layout=looks.plain)
        self.restart = w.Button(description=message("start_again"), tooltip="Clear every answer of this quiz",
                                style=looks.button, layout=looks.plain)
        self.restart.on_click(lambda _button: self.start_again())
        intro = fill("widget-intro", text=bank.intro) if bank.intro else ""
        title = w.HTML(value=fill("widget-title", title=bank.title, intro=intro), style=looks.html,
                       layout=looks.plain)
        self.box = w.VBox([title, self.notice, *(v.box for v in self.views.values()), self.score,
                           self.restart, _arrow_keys()], layout=looks.plain)
        self.box.add_class(QUIZ_CLASS)
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
            view.wrong_checks = int(entry.get("wrong", 0) or 0)
            view.revealed = bool(entry.get("revealed", False))
            view.show(view.question.grade(view.answer()), view.question.notes(view.answer()))

    def check(self, qid: str) -> Grade | None:
        """Press *Check* on one question: grade, reply, update the score, save."""
        return self.views[qid].check()

    def _checked(self, view: QuestionView) -> None:
        if self.progress is not None and view.grade is not None:
            self.progress.record(self.bank.id, view.question.id, _jsonable(view.answer()),
                                 view.grade.correct, wrong=view.wrong_checks, revealed=view.revealed)
        self._update()

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
        missed = [v.number for v in self.views.values() if v.grade is not None and not v.grade.correct]
        self.score.value = fill("widget-score", score=score_line(self.correct, total, self.answered),
                                summary=summary_line(total, self.correct, missed, self.answered))

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return self.box._repr_mimebundle_(**kwargs)


def _seed(progress: Progress | None) -> str:
    """The student's seed for pools: from the progress file (which honours ``COURSEKIT_STUDENT``),
    or, when progress is not saved, ``COURSEKIT_STUDENT`` alone."""
    import os

    from .progress import STUDENT_ENV

    if progress is not None:
        return progress.seed()
    return os.environ.get(STUDENT_ENV, "").strip() or "0"


def _jsonable(answer: Any) -> Any:
    return list(answer) if isinstance(answer, tuple) else answer
