"""Matching: each left-hand item to one right-hand choice (distractors match nothing); answered
with a drop-down per item."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from ...knowledge.schema import ExportText as Text
from ...knowledge.schema import Record, export_text
from ..model import AnswerError, Grade, QuestionBase, unique
from ..rules import message

if TYPE_CHECKING:
    from ..model import Bank
    from ..widget import Looks, QuestionView

NAME = "matching"

# GIFT's escapes for the characters it gives a meaning; any other text of this form would be read
# by an importer as one of them
_GIFT_PLACEHOLDER = re.compile(r"&&\d{3};?")


def _answer_text(value: Any) -> Any:
    """A matching question's right-hand answer: plain one-line text in GIFT (Moodle), where it
    cannot be escaped, so what would change its meaning there is refused."""
    value = export_text(value)
    if isinstance(value, str):
        if "\n" in value:
            raise ValueError("a matching answer must be one line (GIFT keeps it as plain text)")
        if "->" in value:
            raise ValueError("contains '->', which GIFT (Moodle) reads as the end of the "
                             "left-hand item: reword it")
        if found := _GIFT_PLACEHOLDER.search(value):
            raise ValueError(f"contains {found.group()!r}, which GIFT importers read as an escaped "
                             "character: reword it")
    return value


AnswerText = Annotated[str, Field(min_length=1), BeforeValidator(_answer_text)]


class Pair(Record):
    left: Text
    right: AnswerText


class Matching(QuestionBase):
    type: Literal["matching"]
    pairs: list[Pair]
    distractors: list[AnswerText] = []  # extra right-hand choices that match nothing

    @field_validator("pairs")
    @classmethod
    def _at_least_two(cls, pairs: list[Pair]) -> list[Pair]:
        if len(pairs) < 2:
            raise ValueError(f"a matching question needs at least two pairs (got {len(pairs)})")
        unique([p.left for p in pairs], "left-hand item")
        return pairs

    @field_validator("distractors")
    @classmethod
    def _not_a_right_answer(cls, distractors: list[str], info: ValidationInfo) -> list[str]:
        rights = {p.right for p in info.data.get("pairs") or []}
        for extra in unique(distractors, "distractor"):
            if extra in rights:
                raise ValueError(f"distractor {extra!r} is also a right-hand answer")
        return distractors

    @property
    def choices(self) -> list[str]:
        """The right-hand choices: each distinct right item once, then the distractors."""
        return list(dict.fromkeys(p.right for p in self.pairs)) + list(self.distractors)

    def grade(self, answer: Any) -> Grade:
        if not isinstance(answer, dict) or any(not answer.get(p.left) for p in self.pairs):
            raise AnswerError(message("choose_matches"))
        right = sum(answer[p.left] == p.right for p in self.pairs)
        if right == len(self.pairs):
            return Grade(True)
        return Grade(False, message("close_matching", right=right, total=len(self.pairs)))

    def correct_answer(self) -> dict[str, str]:
        return {p.left: p.right for p in self.pairs}

    def shown_answer(self) -> str:
        return message("and").join(message("matched", left=p.left, right=p.right) for p in self.pairs)


    def choice_texts(self) -> list[str]:
        return self.choices


def site(bank: Bank, q: Matching) -> tuple[dict[str, Any], dict[str, Any]]:
    """A drop-down of the right-hand choices per left-hand item, and the right choice of each."""
    index = {text: i for i, text in enumerate(q.choices)}
    shown = [(index[text], text) for text in bank.option_order(q)]
    labels = [(row, pair.left) for row, pair in enumerate(q.pairs)]
    return {"kind": "rows", "rows": labels, "choices": shown, "placeholder": "Choose"}, {
        "answers": [index[p.right] for p in q.pairs]}


def widget(view: QuestionView, bank: Bank, q: Matching, looks: Looks) -> list[Any]:
    from ..widget import dropdowns

    view.selects = dropdowns([p.left for p in q.pairs], [(c, c) for c in bank.option_order(q)],
                             "Choose a match", looks)
    return list(view.selects)


def read(view: QuestionView) -> Any:
    from ..widget import chosen

    pairs = cast(Matching, view.question).pairs
    return {p.left: chosen(s) for p, s in zip(pairs, view.selects, strict=True) if chosen(s) is not None}


def write(view: QuestionView, answer: Any) -> None:
    for pair, select in zip(cast(Matching, view.question).pairs, view.selects, strict=True):
        select.value = answer[pair.left]
