"""Ordering: items put in order; answered by giving each item its position in a drop-down."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import field_validator

from ...knowledge.schema import ExportText as Text
from ..model import AnswerError, Grade, QuestionBase, unique
from ..rules import message

if TYPE_CHECKING:
    from ..model import Bank
    from ..widget import Looks, QuestionView

NAME = "ordering"


class Ordering(QuestionBase):
    type: Literal["ordering"]
    items: list[Text]  # in the correct order

    @field_validator("items")
    @classmethod
    def _at_least_two(cls, items: list[str]) -> list[str]:
        if len(items) < 2:
            raise ValueError(f"an ordering needs at least two items (got {len(items)})")
        return unique(items, "item")

    def grade(self, answer: Any) -> Grade:
        if not isinstance(answer, (list, tuple)) or sorted(answer) != sorted(self.items):
            raise AnswerError(message("give_positions"))
        right = sum(a == b for a, b in zip(answer, self.items, strict=True))
        if right == len(self.items):
            return Grade(True)
        return Grade(False, message("close_ordering", right=right, total=len(self.items)))

    def correct_answer(self) -> list[str]:
        return list(self.items)

    def shown_answer(self) -> str:
        return message("then").join(self.items)



def site(bank: Bank, q: Ordering) -> tuple[dict[str, Any], dict[str, Any]]:
    """A drop-down of positions per item (items shown shuffled) and the number of items."""
    index = {text: i for i, text in enumerate(q.items)}
    positions = [(n, str(n)) for n in range(1, len(q.items) + 1)]
    labels = [(index[item], item) for item in bank.item_order(q)]
    return {"kind": "rows", "rows": labels, "choices": positions, "placeholder": "Position"}, {
        "count": len(q.items)}


def widget(view: QuestionView, bank: Bank, q: Ordering, looks: Looks) -> list[Any]:
    from ..widget import dropdowns

    view.shown = bank.item_order(q)
    positions = [(str(n), n) for n in range(1, len(q.items) + 1)]
    view.selects = dropdowns(view.shown, positions, "Choose a position", looks)
    return list(view.selects)


def read(view: QuestionView) -> Any:
    from ..widget import chosen

    positions = [chosen(s) for s in view.selects]
    if None in positions or len(set(positions)) != len(positions):
        return None
    return [item for _, item in sorted(zip(positions, view.shown, strict=True))]


def write(view: QuestionView, answer: Any) -> None:
    for select, item in zip(view.selects, view.shown, strict=True):
        select.value = list(answer).index(item) + 1
