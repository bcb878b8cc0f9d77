"""True or false: answered with two radio buttons; each choice may carry its own feedback."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import field_validator

from ..model import AnswerError, FeedbackText, Grade, QuestionBase, feedback_keys
from ..rules import message
from . import single
from .single import radio_buttons

if TYPE_CHECKING:
    from ..model import Bank
    from ..widget import Looks, QuestionView

NAME = "true-false"


class TrueFalse(QuestionBase):
    type: Literal["true-false"]
    answer: bool
    # keys true and/or false: why that choice is tempting and wrong
    option_feedback: dict[str, FeedbackText] = {}

    @field_validator("option_feedback")
    @classmethod
    def _true_or_false(cls, feedback: dict[str, str]) -> dict[str, str]:
        return feedback_keys({k.strip().lower(): v for k, v in feedback.items()}, ["true", "false"],
                              "true or false")

    def grade(self, answer: Any) -> Grade:
        if not isinstance(answer, bool):
            raise AnswerError(message("choose_true_false"))
        return Grade(answer is self.answer)

    def correct_answer(self) -> bool:
        return self.answer

    def shown_answer(self) -> str:
        return message("true" if self.answer else "false")

    def wrong_feedback(self) -> dict[str, str]:
        wrong = "false" if self.answer else "true"
        return {wrong: self.option_feedback[wrong]} if wrong in self.option_feedback else {}

    def notes(self, answer: Any) -> list[str]:
        if not isinstance(answer, bool) or answer is self.answer:
            return []
        return list(self.wrong_feedback().values())



def site(bank: Bank, q: TrueFalse) -> tuple[dict[str, Any], dict[str, Any]]:
    options = [("true", message("true")), ("false", message("false"))]
    return {"kind": "choice", "input": "radio", "options": options}, {
        "answer": q.answer, "notes": q.wrong_feedback()}


def widget(view: QuestionView, bank: Bank, q: TrueFalse, looks: Looks) -> list[Any]:
    return radio_buttons(view, [(message("true"), True), (message("false"), False)], looks)


read, write = single.read, single.write  # the same radio buttons as a single choice
