"""A number within a tolerance; answered by typing (``1,979`` and `` 1979 `` are read as 1979)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationInfo, field_validator

from ...knowledge.ledger import KEYS
from ...knowledge.problems import did_you_mean
from ...knowledge.schema import OptionalExportText as OptionalText
from ..model import AnswerError, Grade, QuestionBase
from ..rules import message

if TYPE_CHECKING:
    from ..model import Bank
    from ..widget import Looks, QuestionView

NAME = "numeric"

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_number(text: Any) -> float:
    """A number from what a student typed: spaces and thousands commas are ignored."""
    if isinstance(text, bool):
        raise AnswerError(message("type_number"))
    if isinstance(text, (int, float)):
        return float(text)
    cleaned = re.sub(r"[\s,]", "", str(text or "")).replace("\u2212", "-")
    if not cleaned:
        raise AnswerError(message("type_number"))
    if not _NUMBER.match(cleaned):
        raise AnswerError(message("not_a_number", text=str(text).strip()))
    return float(cleaned)


def number_text(value: float) -> str:
    """A number as text with every digit it has (``1234567``, ``0.125``, ``1e+22``), never
    rounded as ``f"{value:g}"`` would (to six digits: ``1.23457e+06``)."""
    return repr(float(value)).removesuffix(".0")


class Numeric(QuestionBase):
    type: Literal["numeric"]
    answer: float
    tolerance: float = 0
    unit: OptionalText = None  # shown after the input, e.g. "year"
    # the answer is this count of the claims ledger; `coursekit check` compares them
    ledger: OptionalText = None

    @field_validator("ledger")
    @classmethod
    def _a_ledger_count(cls, key: str | None) -> str | None:
        if key is not None and key not in KEYS:
            raise ValueError(f"unknown ledger count {key!r}{did_you_mean(key, KEYS)}")
        return key

    @field_validator("answer", "tolerance")
    @classmethod
    def _finite(cls, value: float, info: ValidationInfo) -> float:
        # YAML's .nan and .inf are floats: no LMS grades against them (nan matches nothing,
        # an infinite tolerance everything)
        if not math.isfinite(value):
            raise ValueError(f"the {info.field_name} must be a finite number (got {value})")
        return value

    @field_validator("tolerance")
    @classmethod
    def _not_negative(cls, tolerance: float) -> float:
        if tolerance < 0:
            raise ValueError(f"tolerance must not be negative (got {number_text(tolerance)})")
        return tolerance

    def grade(self, answer: Any) -> Grade:
        value = parse_number(answer)
        # a little slack so that 0.1 + 0.2 style rounding never fails a right answer
        return Grade(abs(value - self.answer) <= self.tolerance + 1e-9)

    def correct_answer(self) -> float:
        return self.answer

    def shown_answer(self) -> str:
        text = number_text(self.answer) + (f" ± {number_text(self.tolerance)}" if self.tolerance else "")
        return f"{text} {self.unit}" if self.unit else text



def site(bank: Bank, q: Numeric) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"kind": "numeric", "unit": q.unit or ""}, {"answer": q.answer, "tolerance": q.tolerance}


def widget(view: QuestionView, bank: Bank, q: Numeric, looks: Looks) -> list[Any]:
    import ipywidgets as w

    view.text = w.Text(value="", description="Your answer", placeholder=q.unit or "", style=looks.text,
                       layout=looks.plain)
    return [view.text]


def read(view: QuestionView) -> Any:
    return view.text.value


def write(view: QuestionView, answer: Any) -> None:
    view.text.value = str(answer)
