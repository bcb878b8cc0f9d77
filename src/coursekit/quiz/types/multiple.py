"""Multiple select: every right option must be ticked, and no other; answered with check boxes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationInfo, field_validator

from ...knowledge.schema import ExportText as Text
from ..model import AnswerError, Choice, Grade, among_options, unique
from ..rules import message

if TYPE_CHECKING:
    from ..model import Bank
    from ..widget import Looks, QuestionView

NAME = "multiple"


class Multiple(Choice):
    type: Literal["multiple"]
    answers: list[Text]

    @field_validator("answers")
    @classmethod
    def _answers_are_options(cls, answers: list[str], info: ValidationInfo) -> list[str]:
        if not answers:
            raise ValueError("no correct answer: list at least one option under 'answers'")
        for answer in unique(answers, "correct answer"):
            among_options(answer, info)
        return answers

    def grade(self, answer: Any) -> Grade:
        if not isinstance(answer, (list, tuple)) or not answer:
            raise AnswerError(message("choose_some"))
        for chosen in answer:
            self._check_among(chosen)
        chosen, right = set(answer), set(self.answers)
        if chosen == right:
            return Grade(True)
        return Grade(False, message("close_multiple", right=len(chosen & right), chosen=len(chosen),
                                    total=len(right)))

    def correct_answer(self) -> list[str]:
        return list(self.answers)

    def right_options(self) -> set[str]:
        return set(self.answers)

    def shown_answer(self) -> str:
        return message("and").join(o for o in self.options if o in self.answers)



def site(bank: Bank, q: Multiple) -> tuple[dict[str, Any], dict[str, Any]]:
    """The page's controls (check boxes, valued by option index) and the answer key."""
    index = {text: i for i, text in enumerate(q.options)}
    spec = {"kind": "choice", "input": "checkbox",
            "options": [(index[t], t) for t in bank.option_order(q)]}
    notes = {str(index[o]): text for o, text in q.wrong_feedback().items()}
    return spec, {"answers": sorted(index[a] for a in q.answers), "notes": notes}


def widget(view: QuestionView, bank: Bank, q: Multiple, looks: Looks) -> list[Any]:
    import ipywidgets as w

    view.boxes = [w.Checkbox(value=False, description=text, indent=False, layout=looks.wide,
                             style=looks.checkbox) for text in bank.option_order(q)]
    return list(view.boxes)


def read(view: QuestionView) -> Any:
    return [b.description for b in view.boxes if b.value]


def write(view: QuestionView, answer: Any) -> None:
    for box in view.boxes:
        box.value = box.description in answer
