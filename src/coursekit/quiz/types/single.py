"""Single choice: one right option among two or more; answered with radio buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationInfo, field_validator

from ...knowledge.schema import ExportText as Text
from ..model import AnswerError, Choice, Grade, among_options
from ..rules import message

if TYPE_CHECKING:
    from ..model import Bank
    from ..widget import Looks, QuestionView

NAME = "single"


class Single(Choice):
    type: Literal["single"]
    answer: Text

    @field_validator("answer")
    @classmethod
    def _answer_is_an_option(cls, answer: str, info: ValidationInfo) -> str:
        return among_options(answer, info)

    def grade(self, answer: Any) -> Grade:
        if not isinstance(answer, str) or not answer:
            raise AnswerError(message("choose_one"))
        self._check_among(answer)
        return Grade(answer == self.answer)

    def correct_answer(self) -> str:
        return self.answer

    def right_options(self) -> set[str]:
        return {self.answer}

    def shown_answer(self) -> str:
        return self.answer



def site(bank: Bank, q: Single) -> tuple[dict[str, Any], dict[str, Any]]:
    """The page's controls (radio buttons, valued by option index) and the answer key."""
    index = {text: i for i, text in enumerate(q.options)}
    spec = {"kind": "choice", "input": "radio", "options": [(index[t], t) for t in bank.option_order(q)]}
    notes = {str(index[o]): text for o, text in q.wrong_feedback().items()}
    return spec, {"answer": index[q.answer], "notes": notes}


def radio_buttons(view: QuestionView, options: list[Any], looks: Looks) -> list[Any]:
    """One radio button per option, none chosen (shared with true-false)."""
    import ipywidgets as w

    # No description: the prompt above already says "Question N" (a label would repeat it).
    view.choice = w.RadioButtons(options=options, value=None,
                                 tooltip=f"Answers to question {view.number}", layout=looks.wide,
                                 style=looks.label)
    return [view.choice]


def widget(view: QuestionView, bank: Bank, q: Single, looks: Looks) -> list[Any]:
    return radio_buttons(view, bank.option_order(q), looks)


def read(view: QuestionView) -> Any:
    return view.choice.value


def write(view: QuestionView, answer: Any) -> None:
    view.choice.value = answer
